import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { featuresGrpc, featuresPb, sharedPb, streamsGrpc, streamsPb, ticksOf } from './esdb-protocol.js';
import type { AppendReq, AppendResp, ReadReq, ReadResp } from './esdb-protocol.js';

/**
 * An in-process EventStoreDB (v20+ gRPC protocol) for tests: the real @eventstore/db-client talks to it over
 * a socket, so its serialization, options and error paths are the ones exercised. It keeps streams and the
 * `$all` log in memory and implements what the adapter uses: Streams.Append, Streams.Read of a stream and of
 * `$all` (with a stream-prefix or regex filter), `$all` subscriptions, and the server-features call.
 */

interface StoredEvent {
  streamId: string;
  revision: number;
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
  commit: bigint;
  created: string;
}

type Filter = (event: StoredEvent) => boolean;

interface LiveSubscription {
  filter: Filter;
  send: (event: StoredEvent) => void;
  drop: (status: grpc.StatusObject) => void;
}

export interface EsdbTestServer {
  /** esdb://127.0.0.1:PORT?tls=false, for EventStoreDBClient.connectionString. */
  readonly url: string;
  /** Every event in `$all` order, for assertions. */
  allEvents(): readonly { streamId: string; revision: number; id: string; commit: bigint }[];
  /** While on, every call (and every live subscription, dropped at once) answers UNAVAILABLE. */
  setUnavailable(on: boolean): void;
  /** Ends every live subscription with UNAVAILABLE, as a dropped connection would. */
  dropSubscriptions(): void;
  /** How many `$all` subscriptions are live. */
  liveSubscriptions(): number;
  /**
   * Behind the client's back, as someone with the server's files might: rewrites the data (JSON text) of the
   * event at `index` of `$all`, or removes it from `$all` and its stream (tamper-evidence tests).
   */
  tamper(index: number, change: { data: (json: string) => string } | 'remove'): void;
  stop(): Promise<void>;
}

const unavailable = (): grpc.StatusObject => ({ code: grpc.status.UNAVAILABLE, details: 'Server is not ready (test)', metadata: new grpc.Metadata() });

function streamNameOf(identifier: InstanceType<typeof sharedPb.StreamIdentifier> | undefined): string {
  return identifier ? Buffer.from(identifier.getStreamName_asU8()).toString('utf8') : '';
}

function uuidOf(uuid: InstanceType<typeof sharedPb.UUID> | undefined): string {
  if (!uuid) throw new Error('an event without an id');
  if (uuid.hasString()) return uuid.getString();
  // The structured form: two 64-bit halves, most significant first (the client's parseUUID in reverse).
  const s = uuid.getStructured()!;
  const buffer = Buffer.alloc(16);
  buffer.writeBigInt64BE(BigInt(s.getMostSignificantBits()), 0);
  buffer.writeBigInt64BE(BigInt(s.getLeastSignificantBits()), 8);
  const hex = buffer.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function recordOf(event: StoredEvent): InstanceType<typeof streamsPb.ReadResp.ReadEvent.RecordedEvent> {
  const record = new streamsPb.ReadResp.ReadEvent.RecordedEvent();
  const id = new sharedPb.UUID();
  id.setString(event.id);
  record.setId(id);
  const stream = new sharedPb.StreamIdentifier();
  stream.setStreamName(Buffer.from(event.streamId, 'utf8'));
  record.setStreamIdentifier(stream);
  record.setStreamRevision(String(event.revision));
  record.setCommitPosition(event.commit.toString());
  record.setPreparePosition(event.commit.toString());
  record.getMetadataMap().set('type', event.type);
  record.getMetadataMap().set('content-type', event.contentType);
  record.getMetadataMap().set('created', event.created);
  record.setData(event.data);
  record.setCustomMetadata(event.customMetadata);
  return record;
}

function eventMessage(event: StoredEvent): ReadResp {
  const read = new streamsPb.ReadResp.ReadEvent();
  read.setEvent(recordOf(event));
  read.setCommitPosition(event.commit.toString());
  const resp = new streamsPb.ReadResp();
  resp.setEvent(read);
  return resp;
}

/** The filter of a `$all` read or subscription: stream-name prefixes or a regex; event-type filters likewise. */
function filterOf(options: InstanceType<typeof streamsPb.ReadReq.Options>): Filter {
  // System events ($-prefixed streams) are in a real server's `$all`; none are written here.
  if (!options.hasFilter()) return () => true;
  const f = options.getFilter()!;
  const onStream = f.hasStreamIdentifier();
  const expression = onStream ? f.getStreamIdentifier()! : f.getEventType()!;
  const prefixes = expression.getPrefixList();
  const regex = expression.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  return (event) => {
    const subject = onStream ? event.streamId : event.type;
    if (prefixes.length > 0 && !prefixes.some((p) => subject.startsWith(p))) return false;
    return regex ? regex.test(subject) : true;
  };
}

export async function startEsdbServer(): Promise<EsdbTestServer> {
  const streams = new Map<string, StoredEvent[]>();
  const log: StoredEvent[] = [];
  const live = new Set<LiveSubscription>();
  // Commit positions are byte offsets in a real server's transaction log: ordered, not contiguous. Here each
  // event advances the log by a record header plus its payload, so the steps vary as they do there.
  let nextCommit = 0n;
  let down = false;

  const append: grpc.handleClientStreamingCall<AppendReq, AppendResp> = (call, callback) => {
    let options: InstanceType<typeof streamsPb.AppendReq.Options> | undefined;
    const proposed: InstanceType<typeof streamsPb.AppendReq.ProposedMessage>[] = [];
    call.on('data', (req: AppendReq) => {
      if (req.hasOptions()) options = req.getOptions();
      else if (req.hasProposedMessage()) proposed.push(req.getProposedMessage()!);
    });
    call.on('error', () => undefined);
    call.on('end', () => {
      if (down) return callback(unavailable());
      if (!options) return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'append without options' });
      const streamId = streamNameOf(options.getStreamIdentifier());
      const stream = streams.get(streamId);
      const current = stream ? stream.length - 1 : null;
      const holds = options.hasAny()
        ? true
        : options.hasNoStream()
          ? current === null
          : options.hasStreamExists()
            ? current !== null
            : current === Number(options.getRevision());
      const resp = new streamsPb.AppendResp();
      if (!holds) {
        const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
        if (current === null) wrong.setCurrentNoStream(new sharedPb.Empty());
        else wrong.setCurrentRevision(String(current));
        if (options.hasNoStream()) wrong.setExpectedNoStream(new sharedPb.Empty());
        else if (options.hasStreamExists()) wrong.setExpectedStreamExists(new sharedPb.Empty());
        else if (options.hasAny()) wrong.setExpectedAny(new sharedPb.Empty());
        else wrong.setExpectedRevision(options.getRevision());
        resp.setWrongExpectedVersion(wrong);
        return callback(null, resp);
      }
      const target = stream ?? [];
      const written: StoredEvent[] = [];
      const created = ticksOf(Date.now());
      for (const message of proposed) {
        const data = message.getData_asU8();
        const customMetadata = message.getCustomMetadata_asU8();
        nextCommit += 87n + BigInt(data.length + customMetadata.length);
        const metadata = message.getMetadataMap();
        written.push({
          streamId,
          revision: target.length + written.length,
          id: uuidOf(message.getId()),
          type: metadata.get('type') ?? '',
          contentType: metadata.get('content-type') ?? 'application/octet-stream',
          data,
          customMetadata,
          commit: nextCommit,
          created,
        });
      }
      // One append is one commit: all of its events or none, visible together.
      target.push(...written);
      streams.set(streamId, target);
      log.push(...written);
      const success = new streamsPb.AppendResp.Success();
      if (target.length === 0) success.setNoStream(new sharedPb.Empty());
      else success.setCurrentRevision(String(target.length - 1));
      const last = written.at(-1);
      if (last) {
        const position = new streamsPb.AppendResp.Position();
        position.setCommitPosition(last.commit.toString());
        position.setPreparePosition(last.commit.toString());
        success.setPosition(position);
      } else success.setNoPosition(new sharedPb.Empty());
      resp.setSuccess(success);
      callback(null, resp);
      for (const s of [...live]) for (const e of written) if (s.filter(e)) s.send(e);
    });
  };

  const read: grpc.handleServerStreamingCall<ReadReq, ReadResp> = (call) => {
    const fail = (status: Partial<grpc.StatusObject>): void => void call.emit('error', status);
    if (down) return fail(unavailable());
    const options = call.request.getOptions();
    if (!options) return fail({ code: grpc.status.INVALID_ARGUMENT, details: 'read without options' });
    const backwards = options.getReadDirection() === streamsPb.ReadReq.Options.ReadDirection.BACKWARDS;
    const count = options.hasCount() ? Number(options.getCount()) : Number.MAX_SAFE_INTEGER;

    if (options.hasStream()) {
      const so = options.getStream()!;
      const streamId = streamNameOf(so.getStreamIdentifier());
      const stream = streams.get(streamId);
      if (!stream) {
        const resp = new streamsPb.ReadResp();
        const notFound = new streamsPb.ReadResp.StreamNotFound();
        notFound.setStreamIdentifier(so.getStreamIdentifier());
        resp.setStreamNotFound(notFound);
        call.write(resp);
        call.end();
        return;
      }
      let from = so.hasRevision() ? Number(so.getRevision()) : backwards ? stream.length - 1 : 0;
      if (so.hasEnd()) from = stream.length - 1;
      const picked = backwards ? stream.slice(0, from + 1).reverse() : stream.slice(from);
      for (const e of picked.slice(0, count)) call.write(eventMessage(e));
      call.end();
      return;
    }

    const ao = options.getAll()!;
    const filter = filterOf(options);
    const subscribing = options.hasSubscription();
    // A read from a position includes the event at it; a subscription from a position starts after it
    // (EventStoreDB's documented semantics of `fromPosition` for reads and for catch-up subscriptions).
    const at = ao.hasPosition() ? BigInt(ao.getPosition()!.getCommitPosition()) : undefined;
    let picked: StoredEvent[];
    if (backwards) {
      const end = ao.hasStart() ? -1n : (at ?? nextCommit);
      picked = log.filter((e) => (ao.hasStart() ? false : e.commit <= end)).reverse();
    } else if (ao.hasEnd()) picked = [];
    else picked = log.filter((e) => at === undefined || (subscribing ? e.commit > at : e.commit >= at));
    picked = picked.filter(filter);

    if (!subscribing) {
      for (const e of picked.slice(0, count)) call.write(eventMessage(e));
      call.end();
      return;
    }

    const confirmation = new streamsPb.ReadResp();
    const confirmed = new streamsPb.ReadResp.SubscriptionConfirmation();
    confirmed.setSubscriptionId(randomUUID());
    confirmation.setConfirmation(confirmed);
    call.write(confirmation);
    // Catch-up and the switch to live happen in one turn of the event loop: no append can fall between them.
    for (const e of picked) call.write(eventMessage(e));
    const subscription: LiveSubscription = {
      filter,
      send: (e) => void call.write(eventMessage(e)),
      drop: (status) => {
        live.delete(subscription);
        call.emit('error', status);
      },
    };
    live.add(subscription);
    call.on('cancelled', () => live.delete(subscription));
    call.on('close', () => live.delete(subscription));
  };

  const getSupportedMethods: grpc.handleUnaryCall<unknown, InstanceType<typeof featuresPb.SupportedMethods>> = (_call, callback) => {
    if (down) return callback(unavailable());
    const methods = new featuresPb.SupportedMethods();
    methods.setEventStoreServerVersion('23.10.0');
    // Only what this server implements: without batchappend the client appends with Streams.Append.
    methods.setMethodsList(
      ['read', 'append'].map((name) => {
        const method = new featuresPb.SupportedMethod();
        method.setServiceName('event_store.client.streams.Streams');
        method.setMethodName(name);
        return method;
      }),
    );
    callback(null, methods);
  };

  const server = new grpc.Server();
  server.addService(streamsGrpc.StreamsService, { append, read });
  server.addService(featuresGrpc.ServerFeaturesService, { getSupportedMethods });
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
  });

  const dropAll = (): void => {
    for (const s of [...live]) s.drop(unavailable());
  };

  return {
    url: `esdb://127.0.0.1:${port}?tls=false`,
    allEvents: () => log.map((e) => ({ streamId: e.streamId, revision: e.revision, id: e.id, commit: e.commit })),
    setUnavailable(on) {
      down = on;
      if (on) dropAll();
    },
    dropSubscriptions: dropAll,
    liveSubscriptions: () => live.size,
    tamper(index, change) {
      const event = log[index];
      if (!event) throw new RangeError(`no event at index ${index} of $all`);
      if (change === 'remove') {
        log.splice(index, 1);
        const stream = streams.get(event.streamId)!;
        stream.splice(stream.indexOf(event), 1);
        return;
      }
      event.data = Buffer.from(change.data(Buffer.from(event.data).toString('utf8')), 'utf8');
    },
    stop: () =>
      new Promise<void>((resolve) => {
        dropAll();
        server.tryShutdown(() => resolve());
        // Calls a client keeps open would hold tryShutdown: end them after a moment.
        setTimeout(() => server.forceShutdown(), 200).unref();
      }),
  };
}
