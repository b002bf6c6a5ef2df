using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Web.LiveFeed;

public sealed record MessageChange(Message Message, MessageChangeKind Kind);
