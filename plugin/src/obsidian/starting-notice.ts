// Commands registered before the core has started: a command that needs the core while it is still starting
// shows "Jira sync is starting…" as a notice instead of failing with an error in the console. Wraps the
// callbacks Obsidian calls (`callback`, `checkCallback`, `editorCallback`, `editorCheckCallback`), for thrown
// errors and for rejected promises alike; every other error is left as it was.
import { type Command, Notice } from "obsidian";
import { CoreStarting } from "../core/core-handle";

/** Shows the notice for `CoreStarting`; passes anything else on. */
function noticeIfStarting(error: unknown): void {
  if (!(error instanceof CoreStarting)) throw error;
  new Notice(error.message);
}

/** Calls `fn`, turning `CoreStarting` (thrown or as a rejection) into the notice. */
function guarded<A extends unknown[], R>(fn: (...args: A) => R, whenStarting: R): (...args: A) => R {
  return (...args: A): R => {
    try {
      const result = fn(...args);
      if (result instanceof Promise) result.catch(noticeIfStarting);
      return result;
    } catch (e) {
      noticeIfStarting(e);
      return whenStarting;
    }
  };
}

/** The command with its callbacks guarded. While checking, a command whose check needs the core stays offered. */
export function withStartingNotice(command: Command): Command {
  const out: Command = { ...command };
  if (command.callback) out.callback = guarded(command.callback, undefined);
  if (command.checkCallback) {
    const check = command.checkCallback;
    out.checkCallback = (checking: boolean) => guarded(check, checking ? true : undefined)(checking);
  }
  if (command.editorCallback) out.editorCallback = guarded(command.editorCallback, undefined);
  if (command.editorCheckCallback) {
    const check = command.editorCheckCallback;
    out.editorCheckCallback = (checking, editor, ctx) => guarded(check, checking ? true : undefined)(checking, editor, ctx);
  }
  return out;
}
