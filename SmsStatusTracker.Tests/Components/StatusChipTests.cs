using Bunit;
using MudBlazor.Services;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Web.Components.Messages;

namespace SmsStatusTracker.Tests.Components;

public sealed class StatusChipTests : BunitContext
{
    public StatusChipTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private static Message GaveUp() => TestMessages.InStatus(MessageStatus.Sent) with { ReconciliationGaveUpAt = TestMessages.BaseTime.AddDays(3) };

    [Fact]
    public void AMessageReconciliationGaveUpOnShowsUnresolved()
    {
        var chip = Render<StatusChip>(p => p.Add(c => c.Message, GaveUp()));

        Assert.Equal("unresolved", chip.Find("[data-status]").GetAttribute("data-status"));
        Assert.Contains("unresolved", chip.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(">sent<", chip.Markup.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void TheMessageListsAndFieldsShowUnresolved()
    {
        var message = GaveUp();

        var log = Render<MessageLogTable>(p => p.Add(c => c.Messages, [message]));
        var list = Render<MessageList>(p => p.Add(c => c.Messages, [message]).Add(c => c.Total, 1));
        var fields = Render<MessageFields>(p => p.Add(c => c.Message, message).Add(c => c.Now, TestMessages.BaseTime));

        Assert.Equal("unresolved", log.Find("[data-status]").GetAttribute("data-status"));
        Assert.Equal("unresolved", list.Find("[data-status]").GetAttribute("data-status"));
        Assert.Equal("unresolved", fields.Find("[data-status]").GetAttribute("data-status"));
    }

    [Fact]
    public void AStatusAloneShowsThatStatus()
    {
        var chip = Render<StatusChip>(p => p.Add(c => c.Status, MessageStatus.PartiallyDelivered));

        Assert.Equal("partially_delivered", chip.Find("[data-status]").GetAttribute("data-status"));
        Assert.Contains("partially delivered", chip.Markup, StringComparison.Ordinal);
    }
}
