/** Input the user supplied cannot be used; the message is one line and names the line/column where it can. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
