/** A tempo notation or tolerance the user typed is not usable; the message says why and shows an example. */
export class TempoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TempoError';
  }
}
