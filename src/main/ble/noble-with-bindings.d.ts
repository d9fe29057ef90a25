// @abandonware/noble ships types for its root only; `with-bindings` builds a Noble around custom bindings.
declare module '@abandonware/noble/with-bindings' {
  const withBindings: (bindings: unknown) => unknown;
  export default withBindings;
}
