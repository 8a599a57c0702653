// autocannon ships no types; the benchmark uses only this much of it.
declare module "autocannon" {
  interface Result {
    requests: { average: number };
    errors: number;
    timeouts: number;
  }
  interface Instance extends PromiseLike<Result> {
    on(event: "response", listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  }
  interface Request {
    method?: string;
    path?: string;
    /** Called before each request: returns the request to send (e.g. another path). */
    setupRequest?: (request: Record<string, unknown>) => Record<string, unknown>;
  }
  function autocannon(opts: { url: string; connections?: number; duration?: number; headers?: Record<string, string>; requests?: Request[] }): Instance;
  export default autocannon;
}
