// In-memory fakes for the Jira connection layer's ports: a clock whose sleep records the wait and
// advances time at once, a scripted random source, an HTTP client answering from a script (and
// recording requests and concurrency), and a secret store.
import { type Clock, type HttpClient, type HttpRequest, type HttpResponse, NetworkError, type Random } from "../../src/jira/http";
import { type SecretStore } from "../../src/settings/secret-store";

export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(public time = Date.parse("2025-06-10T08:00:00Z")) {}
  now(): number {
    return this.time;
  }
  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
    return Promise.resolve();
  }
  /** Time passing without a sleep. */
  advance(ms: number): void {
    this.time += ms;
  }
}

export class FixedRandom implements Random {
  constructor(private readonly values: number[] = [0.5]) {}
  private i = 0;
  next(): number {
    const v = this.values[Math.min(this.i, this.values.length - 1)] ?? 0.5;
    this.i++;
    return v;
  }
}

export type Answer = Partial<HttpResponse> | NetworkError | ((req: HttpRequest) => Promise<HttpResponse>);

/** Answers requests from a queue (the last answer repeats); records every request. */
export class FakeHttp implements HttpClient {
  readonly requests: HttpRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  constructor(private readonly answers: Answer[]) {}
  async execute(request: HttpRequest): Promise<HttpResponse> {
    this.requests.push(request);
    const answer = this.answers.length > 1 ? this.answers.shift()! : this.answers[0]!;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (answer instanceof NetworkError) throw answer;
      if (typeof answer === "function") return await answer(request);
      await Promise.resolve();
      return { status: 200, headers: { "content-type": "application/json" }, text: "{}", ...answer };
    } finally {
      this.inFlight--;
    }
  }
}

export class MemorySecretStore implements SecretStore {
  readonly secrets = new Map<string, string>();
  get(id: string): string | null {
    return this.secrets.get(id) ?? null;
  }
  set(id: string, secret: string): void {
    this.secrets.set(id, secret);
  }
  delete(id: string): void {
    this.secrets.delete(id);
  }
}
