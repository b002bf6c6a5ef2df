// This browser's connection to the server, after the .NET 10 template's ReconnectModal: Blazor reports each change
// to #components-reconnect-modal; we publish it as data-circuit on <html> ("up", "reconnecting", "offline" while
// retrying slowly, "failed" once Blazor gave up, "paused") so the app bar's ConnectionIndicator and the bar in ReconnectModal.razor show it without the server.
const root = document.documentElement;
const reconnectModal = document.getElementById("components-reconnect-modal");
reconnectModal.addEventListener("components-reconnect-state-changed", handleReconnectStateChanged);
document.getElementById("components-reconnect-button").addEventListener("click", retry);
document.getElementById("components-resume-button").addEventListener("click", resume);

// Reload controls live in server-rendered markup too (the indicator's Offline chip); they must work without a circuit.
document.addEventListener("click", event => {
    if (event.target instanceof Element && event.target.closest("[data-reconnect-action='reload']")) {
        location.reload();
    }
});

function setCircuit(state) {
    root.dataset.circuit = state;
}

// Blazor first retries at once (ten times); when it falls back to waiting 5 s and more between attempts the server
// is not reachable, and saying "Offline" is more honest than "Reconnecting" (it keeps trying in the background).
const offlineAfterSecondsBetweenAttempts = 5;

function handleReconnectStateChanged(event) {
    switch (event.detail.state) {
        case "show":
            setCircuit("reconnecting");
            break;
        case "retrying":
            setCircuit(event.detail.secondsToNextAttempt >= offlineAfterSecondsBetweenAttempts ? "offline" : "reconnecting");
            break;
        case "hide":
            setCircuit("up");
            break;
        case "failed":
            setCircuit("failed");
            document.addEventListener("visibilitychange", retryWhenDocumentBecomesVisible);
            break;
        case "paused":
            setCircuit("paused");
            break;
        case "resume-failed":
            setCircuit("failed");
            break;
        case "rejected":
            // The server is back but no longer knows this page: a fresh one is the quickest way to current data.
            location.reload();
            break;
    }
}

async function retry() {
    document.removeEventListener("visibilitychange", retryWhenDocumentBecomesVisible);
    setCircuit("reconnecting");
    try {
        // true: reconnected; false: the server was reached but dropped this circuit; throws: not reachable.
        const successful = await Blazor.reconnect();
        if (!successful) {
            const resumed = await Blazor.resumeCircuit();
            if (!resumed) {
                location.reload();
            } else {
                setCircuit("up");
            }
        }
    } catch {
        setCircuit("failed");
        document.addEventListener("visibilitychange", retryWhenDocumentBecomesVisible);
    }
}

async function resume() {
    try {
        const successful = await Blazor.resumeCircuit();
        if (!successful) {
            location.reload();
        } else {
            setCircuit("up");
        }
    } catch {
        setCircuit("failed");
    }
}

async function retryWhenDocumentBecomesVisible() {
    if (document.visibilityState === "visible") {
        await retry();
    }
}
