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
  function autocannon(opts: { url: string; connections?: number; duration?: number; headers?: Record<string, string> }): Instance;
  export default autocannon;
}
