/** A failed action's one-line message (from main: a StorageError, InputError or a guard's refusal). */
export function ErrorLine({ message }: { message: string | null }) {
  if (message === null) return null;
  return (
    <p className="field-error" role="alert">
      {message}
    </p>
  );
}
