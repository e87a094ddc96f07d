import type { UserProfile } from '../../../../electron/common/users/model';

/** "Dr Claire Dupont", as printed under a signature. */
export function displayName(user: Pick<UserProfile, 'title' | 'name'>): string {
  return user.title ? `${user.title} ${user.name}` : user.name;
}

/** The initials in a disc, then the name. */
export function UserBadge({ user, showName = true }: { user: UserProfile; showName?: boolean }) {
  return (
    <span className="user-badge">
      <span className="user-initials" aria-hidden="true">
        {user.initials}
      </span>
      {showName && <span className="user-name">{displayName(user)}</span>}
    </span>
  );
}
