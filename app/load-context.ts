declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address, from the express server (sign-in rate limiting, the audit log). */
    clientIp?: string;
  }
}

export {};
