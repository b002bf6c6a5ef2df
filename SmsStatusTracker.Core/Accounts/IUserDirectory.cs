namespace SmsStatusTracker.Core.Accounts;

/// <summary>
/// Every user, read asynchronously. Identity's <c>UserManager.Users</c> is an <see cref="IQueryable{T}"/> whose
/// enumeration blocks a thread on the database; the admin pages list users through this instead.
/// </summary>
public interface IUserDirectory
{
    Task<IReadOnlyList<TrackerUser>> ListAsync(CancellationToken cancellationToken);
}
