import { createRequire } from 'node:module';
import type * as StreamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb.js';
import type * as StreamsPb from '@eventstore/db-client/generated/streams_pb.js';
import type * as SharedPb from '@eventstore/db-client/generated/shared_pb.js';
import type * as FeaturesGrpc from '@eventstore/db-client/generated/serverfeatures_grpc_pb.js';
import type * as FeaturesPb from '@eventstore/db-client/generated/serverfeatures_pb.js';

/**
 * The gRPC service definitions and messages generated inside @eventstore/db-client, loaded the way the client
 * loads them (CommonJS), typed by the declarations shipped beside them: the in-process server speaks exactly
 * the protocol the real client was built against.
 */
const require = createRequire(import.meta.url);

export const streamsGrpc = require('@eventstore/db-client/generated/streams_grpc_pb.js') as typeof StreamsGrpc;
export const streamsPb = require('@eventstore/db-client/generated/streams_pb.js') as typeof StreamsPb;
export const sharedPb = require('@eventstore/db-client/generated/shared_pb.js') as typeof SharedPb;
export const featuresGrpc = require('@eventstore/db-client/generated/serverfeatures_grpc_pb.js') as typeof FeaturesGrpc;
export const featuresPb = require('@eventstore/db-client/generated/serverfeatures_pb.js') as typeof FeaturesPb;

export type ReadReq = InstanceType<typeof streamsPb.ReadReq>;
export type ReadResp = InstanceType<typeof streamsPb.ReadResp>;
export type AppendReq = InstanceType<typeof streamsPb.AppendReq>;
export type AppendResp = InstanceType<typeof streamsPb.AppendResp>;

/** `created` as the gRPC API sends it: 100 ns ticks since the Unix epoch (the client divides by 10 000 into a Date). */
export const ticksOf = (ms: number): string => (BigInt(ms) * 10_000n).toString();
