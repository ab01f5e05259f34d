// Reading the catalog's API: JSON in, a clear error out.
'use strict';

/** GET a path of the catalog's API; throws an Error saying what the catalog answered. */
export async function api(path) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new Error('the catalog cannot be reached');
  }
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  if (!response.ok) {
    const why = body && typeof body.error === 'string' ? body.error : 'HTTP ' + response.status;
    const error = new Error(why);
    error.status = response.status;
    throw error;
  }
  return body;
}

/** Path segments of an API route, each percent-encoded. */
export function apiPath(...segments) {
  return '/api/' + segments.map(encodeURIComponent).join('/');
}
