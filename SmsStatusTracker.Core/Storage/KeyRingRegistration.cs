using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Core.Storage;

/// <summary>
/// One Data Protection key ring for every process on the same store. By default ASP.NET Core keeps keys in the
/// user's home directory and isolates apps by content root path, so a cookie, antiforgery token or mailed-link
/// form issued by one replica is unreadable on another host or container. Here the keys live in the chosen
/// store (the adapter registers its <see cref="IXmlRepository"/> under <see cref="ServiceKey"/>) and the
/// application name is fixed. Not Redis: a backplane is usually run without persistence, and losing the ring
/// signs everyone out.
/// </summary>
public static class KeyRingRegistration
{
    public const string ApplicationName = "SmsStatusTracker";

    public const string ServiceKey = "data-protection-keys";

    public static IServiceCollection AddSharedKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(
            options => options.XmlRepository = sp.GetRequiredKeyedService<IXmlRepository>(ServiceKey)));
        return services;
    }
}
