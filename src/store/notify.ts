/** NOTIFY `$1` once per payload in `$2`, in one statement (a batch of feed messages changes many referrals). */
export const NOTIFY_EACH = 'SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload';
