import * as grpc from '@grpc/grpc-js';
import { featuresGrpc, featuresPb, streamsGrpc } from './esdb-protocol.js';
import type { AppendReq, AppendResp, ReadReq, ReadResp } from './esdb-protocol.js';

/** What a follower node of a cluster answers a write or a leader-required read: NotLeader, naming the leader. */
function notLeader(leaderPort: number): grpc.StatusObject {
  const metadata = new grpc.Metadata();
  metadata.set('exception', 'not-leader');
  metadata.set('leader-endpoint-host', '127.0.0.1');
  metadata.set('leader-endpoint-port', String(leaderPort));
  return { code: grpc.status.NOT_FOUND, details: 'Leader info available', metadata };
}

/**
 * A follower of a two-node in-process cluster (tests/support/esdb-server.ts is the leader): every Streams call
 * is answered with NotLeader and the leader's endpoint, as a real follower answers a client that requires the
 * leader, so the client's reconnection to the leader is exercised.
 */
export async function startEsdbFollower(leaderPort: number): Promise<{ url: string; calls: () => number; stop: () => Promise<void> }> {
  let calls = 0;
  const append: grpc.handleClientStreamingCall<AppendReq, AppendResp> = (call, callback) => {
    calls++;
    call.on('data', () => undefined);
    call.on('end', () => callback(notLeader(leaderPort)));
  };
  const read: grpc.handleServerStreamingCall<ReadReq, ReadResp> = (call) => {
    calls++;
    call.emit('error', notLeader(leaderPort));
  };
  const getSupportedMethods: grpc.handleUnaryCall<unknown, InstanceType<typeof featuresPb.SupportedMethods>> = (_call, callback) => {
    const methods = new featuresPb.SupportedMethods();
    methods.setEventStoreServerVersion('23.10.0');
    callback(null, methods);
  };
  const server = new grpc.Server();
  server.addService(streamsGrpc.StreamsService, { append, read });
  server.addService(featuresGrpc.ServerFeaturesService, { getSupportedMethods });
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
  });
  return {
    url: `esdb://127.0.0.1:${port}?tls=false`,
    calls: () => calls,
    stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
