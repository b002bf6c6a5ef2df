using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage;

public sealed record MessagePage(IReadOnlyList<Message> Items, long Total, int Page, int PageSize);
