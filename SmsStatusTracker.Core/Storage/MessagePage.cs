using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage;

/// <summary>
/// One page of the log. <see cref="Total"/> is exact when <see cref="TotalIsExact"/>; otherwise at least that
/// many match (counting stopped at <see cref="MessageQuery.CountCap"/>). <see cref="Page"/> is 0 for a
/// keyset page. <see cref="Older"/> and <see cref="Newer"/> continue from this page, null when nothing is there.
/// </summary>
public sealed record MessagePage(IReadOnlyList<Message> Items, long Total, int Page, int PageSize)
{
    public bool TotalIsExact { get; init; } = true;

    public MessageCursor? Older { get; init; }

    public MessageCursor? Newer { get; init; }
}
