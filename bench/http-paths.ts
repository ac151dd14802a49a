/** Routes the bench server (http-server.ts) adds beside the API, shared with the load side (http.ts). */

/** A trivial express route behind the same middleware as every API route: the ceiling. */
export const TRIVIAL_PATH = '/bench/trivial';
/** The server's CPU time so far (µs, user + system), so the load side can work out CPU per request. */
export const CPU_PATH = '/bench/cpu';
