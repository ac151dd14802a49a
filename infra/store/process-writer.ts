import type { WriterLink } from './forwarding-store.js';
import type { AppendResult, EventStore } from './port.js';
import { toWire } from './sqlite-writer-messages.js';
import type { FromWriter, ToWriter } from './sqlite-writer-messages.js';

/**
 * The appends of `serve --workers` (issue 20): an HTTP worker process sends its appends to the primary over
 * the cluster's IPC channel (advanced serialization: a structured clone, as between threads); the primary
 * appends them with its own store (its writer thread and group commit, so every worker's appends share
 * transactions) and answers each after the commit.
 */
interface Envelope<M> {
  eventStore: M;
}

/** What a process IPC channel offers: `process` in a worker, a cluster `Worker` in the primary. */
export interface IpcChannel {
  /** With a callback, a channel already closed reports to it instead of raising an 'error' event (which would end the process). */
  send(message: unknown, callback?: (error: Error | null) => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'disconnect', listener: () => void): unknown;
}

const envelope = <M>(message: unknown): M | undefined =>
  typeof message === 'object' && message !== null && 'eventStore' in message ? (message as Envelope<M>).eventStore : undefined;

/** In an HTTP worker: the link to the primary, which makes the appends. */
export function primaryWriterLink(channel: IpcChannel): WriterLink {
  return {
    send: (message) => void channel.send({ eventStore: message } satisfies Envelope<ToWriter>),
    onAnswer(listener) {
      channel.on('message', (message) => {
        const answer = envelope<FromWriter>(message);
        if (answer) listener(answer);
      });
    },
    onLost: (listener) => void channel.on('disconnect', () => listener(new Error('the primary process is gone'))),
    // The primary answers each append after its commit; nothing is left to end here.
    end: () => Promise.resolve(),
  };
}

/** In the primary: appends what a worker sends with `store`, answering each after its commit (or refusal). */
export function answerAppends(store: EventStore, worker: IpcChannel): void {
  worker.on('message', (message) => {
    const request = envelope<ToWriter>(message);
    if (request?.type !== 'append') return;
    const { id } = request;
    // The worker may be gone by the answer: the append is committed and its retry is answered from the
    // command id, so the failed send is dropped. A send without a callback would raise an unhandled 'error'
    // on the worker object and take the primary, the one writer, down with it.
    const answer = (reply: FromWriter): void => void worker.send({ eventStore: reply } satisfies Envelope<FromWriter>, () => undefined);
    store.append(request.streamId, request.events, request.options).then(
      (result: AppendResult) => answer({ type: 'appended', id, result }),
      (error: unknown) => answer({ type: 'refused', id, error: toWire(error) }),
    );
  });
}
