import { colourFor, initials } from '../format.js';

export function Avatar({ id, name, colour, size = 32 }: { id: string; name: string; colour?: string; size?: number }) {
  return (
    <span className="avatar" aria-hidden="true" style={{ background: colour ?? colourFor(id), width: size, height: size, fontSize: size * 0.4 }}>
      {initials(name)}
    </span>
  );
}
