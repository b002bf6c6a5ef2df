using SmsStatusTracker.Web.Cli;
using SmsStatusTracker.Web.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.UseRepositoryAppSettings();
builder.AddSmsStatusTracker();

if (ManagementCli.IsCommand(args))
{
    return await ManagementCli.RunAsync(builder, args);
}

var app = builder.Build();
app.UseSmsStatusTracker();
app.Run();
return 0;
