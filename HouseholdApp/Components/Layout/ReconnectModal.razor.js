// Reacts to blazor.web.js's components-reconnect-state-changed events (show, hide, retrying, failed, rejected,
// paused, resume-failed): the state becomes a class on the dialog, which CSS turns into the right words.
const modal = document.getElementById("components-reconnect-modal");
const states = ["show", "retrying", "failed", "rejected", "paused", "resume-failed"];

function setState(state) {
    modal.classList.remove(...states.map((s) => `reconnect-${s}`));
    modal.classList.add(`reconnect-${state}`);
}

function onStateChanged(event) {
    const state = event.detail.state;
    if (state === "hide") {
        modal.close();
        document.removeEventListener("visibilitychange", retryWhenVisible);
        return;
    }
    if (state === "rejected") {
        location.reload();
        return;
    }
    setState(state);
    if (!modal.open) {
        modal.showModal();
    }
    if (state === "failed") {
        document.addEventListener("visibilitychange", retryWhenVisible);
    }
}

async function retry() {
    document.removeEventListener("visibilitychange", retryWhenVisible);
    try {
        // false: the server is reachable but has forgotten this circuit, so only a reload helps.
        if (!(await Blazor.reconnect())) {
            location.reload();
        }
    } catch {
        document.addEventListener("visibilitychange", retryWhenVisible);
    }
}

async function resume() {
    try {
        if (!(await Blazor.resumeCircuit())) {
            location.reload();
        }
    } catch {
        setState("resume-failed");
    }
}

async function retryWhenVisible() {
    if (document.visibilityState === "visible") {
        await retry();
    }
}

modal.addEventListener("components-reconnect-state-changed", onStateChanged);
document.getElementById("components-reconnect-button").addEventListener("click", retry);
document.getElementById("components-resume-button").addEventListener("click", resume);
document.getElementById("components-reload-button").addEventListener("click", () => location.reload());
