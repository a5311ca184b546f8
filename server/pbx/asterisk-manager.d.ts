// asterisk-manager 0.2.0 ships no types. Only what ami-client.ts uses is declared.
declare module 'asterisk-manager' {
  type Listener = (...args: any[]) => void;
  export interface AsteriskManagerInstance {
    on(event: string, listener: Listener): AsteriskManagerInstance;
    once(event: string, listener: Listener): AsteriskManagerInstance;
    removeListener(event: string, listener: Listener): AsteriskManagerInstance;
    removeAllListeners(event?: string): AsteriskManagerInstance;
    listeners(event: string): Listener[];
    emit(event: string, ...args: unknown[]): boolean;
    connect(port: number, host: string, callback?: (err: unknown) => void): void;
    login(callback?: (err: unknown) => void): void;
    action(action: Record<string, unknown>, callback?: (err: unknown, res: unknown) => void): string;
    disconnect(callback?: () => void): void;
    isConnected(): boolean;
    /** Added by patches/asterisk-manager+0.2.0.patch: stop / restart reading the socket (backpressure). */
    pause(): void;
    resume(): void;
  }
  function Manager(port?: number, host?: string, username?: string, password?: string, events?: boolean): AsteriskManagerInstance;
  export default Manager;
}
