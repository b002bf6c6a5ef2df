namespace SmsStatusTracker.Web.Components.Conversations;

/// <summary>The one declaration of the conversation page's address: <c>/conversations/{number}</c>, the number escaped.</summary>
public static class ConversationRoute
{
    public const string Template = "/conversations/{Number}";

    public static string For(string number) => "/conversations/" + Uri.EscapeDataString(number);
}
