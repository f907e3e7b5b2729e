// A meter of open files for fakes of a file system: every operation holds a "handle" from its start to
// its end (at least one turn of the event loop, so operations started together really overlap), and one
// started while `max` handles are open fails with EMFILE, as the operating system's open-file limit does.
// `peak` is the most handles ever open at once.
import { setImmediate } from "node:timers";

export class OpenFiles {
  open = 0;
  peak = 0;

  constructor(readonly max: number) {}

  async hold<T>(op: () => Promise<T>): Promise<T> {
    if (this.open >= this.max) throw Object.assign(new Error(`EMFILE: too many open files (more than ${this.max})`), { code: "EMFILE" });
    this.open++;
    this.peak = Math.max(this.peak, this.open);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      return await op();
    } finally {
      this.open--;
    }
  }
}
