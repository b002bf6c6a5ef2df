using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using SmsStatusTracker.Core.Messages;
using StackExchange.Redis;

namespace SmsStatusTracker.Web.Hubs;

public static class MessageFeedRegistration
{
    public const string RedisKey = "SignalR:Redis";

    /// <summary>The hub, its relay, and (with <c>SignalR:Redis</c>) the Redis backplane for several instances.</summary>
    public static IServiceCollection AddMessageFeed(this IServiceCollection services, IConfiguration configuration)
    {
        var signalR = services.AddSignalR()
            .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        if (configuration[RedisKey] is { Length: > 0 } redis)
        {
            signalR.AddStackExchangeRedis(redis, options => options.Configuration.ChannelPrefix = RedisChannel.Literal("smsstatustracker"));
        }

        services.AddSingleton<RelayKey>();
        services.AddSingleton<FeedConnections>();
        services.AddHostedService<FeedConnectionRevalidator>();
        services.AddSingleton<LiveFeedStatus>();
        services.AddHostedService<MessageFeedRelay>();
        services.AddSingleton<IMessageChangeNotifier, HubMessageBroadcaster>();

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, RelayKeyAuthenticationHandler>(MessageFeedAuthorization.RelayScheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(MessageFeedAuthorization.Policy, policy => policy
                .AddAuthenticationSchemes(MessageFeedAuthorization.RelayScheme, IdentityConstants.ApplicationScheme, Identity.ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());
        return services;
    }

    /// <summary>Describes the feed for the startup log without the Redis password.</summary>
    public static string Describe(IConfiguration configuration) =>
        configuration[RedisKey] is { Length: > 0 } redis
            ? "SignalR with the Redis backplane at " + string.Join(",", ConfigurationOptions.Parse(redis).EndPoints.Select(e => e.ToString()))
            : "SignalR in this process only (set SignalR:Redis for several instances)";
}
