// Errors the AMI link reports. Stable `code`s so callers (and the PbxPort) can map them without parsing messages.
export class AmiError extends Error {
  constructor(readonly code: string, message: string, readonly response?: Readonly<Record<string, unknown>>) {
    super(message);
    this.name = 'AmiError';
  }
}

export const amiErrors = {
  notConnected: (action: string) => new AmiError('ami-not-connected', `AMI ${action}: not connected to the PBX`),
  timeout: (action: string, id: string, ms: number) =>
    new AmiError('ami-timeout', `AMI ${action} (ActionID ${id}) got no response within ${ms} ms`),
  disconnected: (action: string, id: string, why: string) =>
    new AmiError('ami-disconnected', `AMI ${action} (ActionID ${id}) failed: connection lost before the response (${why})`),
  rejected: (action: string, message: string, response: Readonly<Record<string, unknown>>) =>
    new AmiError('ami-action-failed', `AMI ${action} failed: ${message || 'Response: Error'}`, response),
  loginFailed: (message: string) => new AmiError('ami-login-failed', `AMI login failed: ${message || 'no reason given'}`),
  stopped: () => new AmiError('ami-stopped', 'AMI client stopped'),
};
