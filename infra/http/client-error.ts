import { STATUS_CODES, maxHeaderSize } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { PROBLEM_CONTENT_TYPE, makeProblem } from './problem.js';

/**
 * A request Node's HTTP parser refuses never reaches the app: headers or URL over the size limit, a request
 * that is not HTTP. Node would answer a bare status line; this answers as the app answers any bad input,
 * problem+json (issue 18's fuzz run found the bare 431), then closes the connection, which is in an unknown state.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // A response already under way on this connection, or a client gone: nothing can be said any more.
  const current = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || current?.headersSent) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const detail =
    status === 431
      ? `The request's headers and URL together exceed ${maxHeaderSize} bytes.`
      : status === 408
        ? 'The request did not arrive in time.'
        : 'The request could not be read as HTTP.';
  const body = JSON.stringify(makeProblem({ status, detail }));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
