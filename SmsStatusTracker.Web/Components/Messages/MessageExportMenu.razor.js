// The Export button's download: fetch with the page's own cookie, count records as the body arrives, report them to
// the component, then save the file under the server's name. One download at a time per page.
let controller = null;

export function cancel() {
    controller?.abort();
}

export async function start(url, csv, component) {
    controller?.abort();
    const mine = controller = new AbortController();
    let records = 0;
    try {
        const response = await fetch(url, { credentials: 'same-origin', signal: mine.signal, headers: { Accept: csv ? 'text/csv' : 'application/jsonl' } });
        if (!response.ok) {
            let detail = `The export failed (HTTP ${response.status}).`;
            try {
                const problem = await response.json();
                detail = problem.errors ? Object.values(problem.errors).flat().join(' ') : (problem.detail || problem.title || detail);
            } catch { /* not problem details */ }
            await component.invokeMethodAsync('Finished', 0, detail);
            return;
        }

        const total = Number(response.headers.get('X-Total-Count')) || null;
        const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(response.headers.get('Content-Disposition') || '')?.[1] || 'messages';
        const reader = response.body.getReader();
        const chunks = [];
        let quoted = false;
        let breaks = 0;
        let reported = 0;
        for (;;) {
            const { done, value } = await reader.read();
            if (done) {
                break;
            }

            chunks.push(value);
            for (let i = 0; i < value.length; i++) {
                const b = value[i];
                if (csv && b === 34) {
                    quoted = !quoted; // "" inside a quoted field toggles twice
                } else if (b === 10 && !quoted) {
                    breaks++;
                }
            }

            records = csv ? Math.max(breaks - 1, 0) : breaks; // CSV: the header line is not a record
            if (Date.now() - reported > 250) {
                reported = Date.now();
                await component.invokeMethodAsync('Progress', records, total);
            }
        }

        const link = document.createElement('a');
        link.href = URL.createObjectURL(new Blob(chunks, { type: response.headers.get('Content-Type') || 'application/octet-stream' }));
        link.download = decodeURIComponent(name);
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
        await component.invokeMethodAsync('Finished', records, null);
    } catch (error) {
        const message = mine.signal.aborted ? 'Export cancelled.' : 'The export was interrupted; try again.';
        try {
            await component.invokeMethodAsync('Finished', records, message);
        } catch { /* the page is gone */ }
    } finally {
        if (controller === mine) {
            controller = null;
        }
    }
}
