/**
 * The bar above GraphiQL: paste a token, or (where the gateway offers them)
 * pick a dev token by role.
 */
import type { ExplorerConfig } from '../explorer-config.js';

interface TokenBoxProps {
  token: string;
  devTokens: ExplorerConfig['devTokens'];
  onToken: (token: string) => void;
}

export function TokenBox({ token, devTokens, onToken }: TokenBoxProps) {
  const chosenRole = devTokens?.find((entry) => entry.token === token)?.role ?? '';
  return (
    <form className="token-box" onSubmit={(event) => event.preventDefault()}>
      <label>
        Token{' '}
        <input
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="paste a bearer token"
          value={token}
          onChange={(event) => onToken(event.target.value.trim())}
        />
      </label>
      {devTokens && (
        <label>
          Dev token{' '}
          <select name="dev-token" value={chosenRole} onChange={(event) => onToken(devTokens.find((entry) => entry.role === event.target.value)?.token ?? '')}>
            <option value="">choose a role</option>
            {devTokens.map(({ role }) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" onClick={() => onToken('')} disabled={!token}>
        Forget
      </button>
      <span className="token-note">{token ? 'Sent as Authorization: Bearer on every request; kept for this tab only.' : 'Without a token the gateway answers 401.'}</span>
    </form>
  );
}
