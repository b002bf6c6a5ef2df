// What only the browser knows about its reader: the time zone it is set to, and the view they saved on it.
export function read(key) {
    let saved = null;
    try {
        saved = window.localStorage.getItem(key);
    } catch {
        // Storage switched off (private mode, policy): the defaults apply.
    }
    return { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone ?? null, saved };
}

export function save(key, value) {
    try {
        window.localStorage.setItem(key, value);
    } catch {
        // Not remembered, still applied for this page.
    }
}
