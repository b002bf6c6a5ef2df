using SmsStatusTracker.Web.Cli;
using SmsStatusTracker.Web.Extensions;
using SmsStatusTracker.Web.Hosting;

if (ManagementCli.UnknownCommand(args) is { } mistyped)
{
    return await ManagementCli.RejectUnknownCommandAsync(mistyped);
}

return await StartupErrors.ReportAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(AppSettingsExtensions.WithoutFolderWatch(args));
    builder.UseRepositoryAppSettings();
    builder.AddSmsStatusTracker();

    if (ManagementCli.IsCommand(args))
    {
        return await ManagementCli.RunAsync(builder, args);
    }

    var app = builder.Build();
    app.UseSmsStatusTracker();
    await app.Services.EnsureStoreReachableAsync();
    await app.RunAsync();
    return 0;
});
