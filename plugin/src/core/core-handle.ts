// The core as the plugin holds it while it starts: `onload` registers everything at once without waiting for
// the wasm, and the core is compiled and instantiated once the workspace layout is ready. Until then badges
// draw from the issue cache (they need no core), a sync waits for `ready`, and anything else that needs the
// core gets `CoreStarting`, whose message tells the user to try again in a moment instead of failing oddly.

import type { Core } from "./core";

/** Thrown by a use of the core before it has started. */
export class CoreStarting extends Error {
  constructor() {
    super("Jira sync is starting… try again in a moment.");
    this.name = "CoreStarting";
  }
}

export class CoreHandle {
  private loaded: Core | null = null;
  private started: Promise<Core> | null = null;
  private resolveReady: (core: Core) => void = () => undefined;
  private rejectReady: (error: unknown) => void = () => undefined;
  /** Settles when `start` has loaded the core (or failed to). */
  readonly ready: Promise<Core>;
  /**
   * The core for code written against it directly: every property read forwards to the loaded core and throws
   * `CoreStarting` before it is there. Safe to hand out at once; only using it has to wait.
   */
  readonly core: Core;

  constructor(private readonly load: () => Promise<Core>) {
    this.ready = new Promise<Core>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    // A start that fails is reported by whoever awaits `ready`; an unawaited rejection must not be unhandled.
    this.ready.catch(() => undefined);
    this.core = new Proxy({} as Core, {
      get: (_target, property) => {
        const core = this.loaded;
        if (core === null) throw new CoreStarting();
        return core[property as keyof Core];
      },
    });
  }

  /** The core when it has started, else null. */
  get current(): Core | null {
    return this.loaded;
  }

  /** Loads the core (once; later calls return the same promise). */
  start(): Promise<Core> {
    this.started ??= this.load().then(
      (core) => {
        this.loaded = core;
        this.resolveReady(core);
        return core;
      },
      (error: unknown) => {
        this.rejectReady(error);
        throw error;
      },
    );
    return this.started;
  }
}
