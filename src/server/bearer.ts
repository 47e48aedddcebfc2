import { ApiError } from './problems';

/**
 * Throws a 401 ApiError unless the Authorization header value is
 * `Bearer <accepted key>`. The scheme name is matched without regard to case.
 * Messages never repeat the key.
 */
export function checkBearer(header: string | undefined, apiKeys: ReadonlySet<string>): void {
  const challenge = { 'WWW-Authenticate': 'Bearer' };

  if (header === undefined) {
    throw new ApiError(401, 'Missing Authorization header: send "Authorization: Bearer <API key>".', challenge);
  }

  const match = /^Bearer +(\S+) *$/i.exec(header);

  if (match === null) {
    throw new ApiError(401, 'Unrecognised Authorization header: expected the Bearer scheme with an API key.', challenge);
  }

  if (!apiKeys.has(match[1])) {
    throw new ApiError(401, 'The API key is invalid, expired or revoked.', challenge);
  }
}
