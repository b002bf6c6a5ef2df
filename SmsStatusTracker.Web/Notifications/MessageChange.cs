using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Web.Notifications;

public sealed record MessageChange(Message Message, MessageChangeKind Kind);
