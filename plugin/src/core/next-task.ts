// A fresh task for long work done in slices on the main thread (the core's start, the sync's engine calls):
// the app's own work (typing, drawing) runs between the slices.

/**
 * Resolves in a new task. A message channel, since nested `setTimeout(0)`s are held back to 4 ms each.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
