// The fake model server as vitest tests use it: a fresh one started before each test of a file and stopped after
// (kept apart from fake-openai.ts, which the benchmarks import outside vitest).
import { afterEach, beforeEach } from "vitest";
import { FakeOpenAi } from "./fake-openai";

/** The fake server of the running test and its address (`…/v1`), as `useFakeOpenAi` keeps them. */
export interface FakeOpenAiSession {
  server: FakeOpenAi;
  baseUrl: string;
}

/** Registers hooks that start a fresh fake server before each test of the file and stop it after. */
export function useFakeOpenAi(): FakeOpenAiSession {
  const session = { server: new FakeOpenAi(), baseUrl: "" };
  beforeEach(async () => {
    session.server = new FakeOpenAi();
    session.baseUrl = await session.server.start();
  });
  afterEach(async () => {
    await session.server.stop();
  });
  return session;
}
