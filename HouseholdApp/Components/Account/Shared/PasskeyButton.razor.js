// <passkey-button>: wraps a form's submit button. It asks the server for WebAuthn options, lets the browser create
// or use a passkey, puts the credential (as JSON) into the form's hidden field and submits the form. The server
// renders the button disabled with a note, so without JavaScript the note explains why; this module enables the
// button only where the browser can actually use passkeys.

// The reasons, in the reader's language, come from the element's data-* attributes (rendered by the server); the
// English here is for an element rendered without them.
const fallbackMessages = {
    insecure: 'Passkeys need a secure connection: open this site over HTTPS (or on localhost).',
    ipAddress: 'Passkeys need the site\'s name in the address bar, not an IP address.',
    unsupported: 'This browser cannot use passkeys.',
    cancelled: 'No passkey was used. Try again when you are ready.',
    failed: 'The passkey could not be used. Try again, or use your password.',
};

// A passkey belongs to a host name: browsers refuse WebAuthn on an IP address, even a secure (loopback) one.
function isIpAddress(hostname) {
    return /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) || hostname.startsWith('[');
}

function browserSupportsPasskeys() {
    return typeof window.PublicKeyCredential === 'function'
        && typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function'
        && typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function'
        && !!navigator.credentials;
}

class PasskeyButton extends HTMLElement {
    connectedCallback() {
        const messages = Object.fromEntries(
            Object.entries(fallbackMessages).map(([key, text]) => [key, this.dataset[key] || text]));
        this.messages = messages;
        this.button = this.querySelector('button');
        this.status = this.querySelector('[data-passkey-status]');
        if (!this.button || !this.status) {
            return;
        }

        if (!window.isSecureContext) {
            this.showStatus(messages.insecure);
            return;
        }

        if (isIpAddress(location.hostname)) {
            this.showStatus(messages.ipAddress);
            return;
        }

        if (!browserSupportsPasskeys()) {
            this.showStatus(messages.unsupported);
            return;
        }

        this.showStatus('');
        this.setEnabled(true);
        this.onClick = (event) => this.run(event);
        this.button.addEventListener('click', this.onClick);
    }

    disconnectedCallback() {
        if (this.button && this.onClick) {
            this.button.removeEventListener('click', this.onClick);
        }
    }

    setEnabled(enabled) {
        this.button.disabled = !enabled;
        this.button.classList.toggle('mud-disabled', !enabled);
        this.button.classList.toggle('mud-button-disabled', !enabled);
    }

    showStatus(text) {
        this.status.textContent = text;
        this.status.hidden = text === '';
    }

    async run(event) {
        event.preventDefault();
        const form = this.button.form;
        const field = form?.querySelector(`input[name="${CSS.escape(this.getAttribute('credential-field') ?? '')}"]`);
        if (!form || !field) {
            return;
        }

        this.setEnabled(false);
        this.showStatus('');
        try {
            // The form carries the antiforgery token (and, for sign-up, the address the passkey is for).
            const response = await fetch(this.getAttribute('options-url'), {
                method: 'POST',
                body: new FormData(form),
                credentials: 'same-origin',
                headers: { Accept: 'application/json' },
            });
            const body = await response.json().catch(() => null);
            if (!response.ok || !body) {
                this.showStatus(body?.message ?? this.messages.failed);
                return;
            }

            const credential = this.getAttribute('operation') === 'create'
                ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(body) })
                : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(body) });
            if (!credential) {
                this.showStatus(this.messages.cancelled);
                return;
            }

            field.value = JSON.stringify(credential);
            this.setEnabled(true);
            form.requestSubmit(this.button);
        } catch (error) {
            this.showStatus(error?.name === 'NotAllowedError' || error?.name === 'AbortError' ? this.messages.cancelled : this.messages.failed);
        } finally {
            this.setEnabled(true);
        }
    }
}

if (!customElements.get('passkey-button')) {
    customElements.define('passkey-button', PasskeyButton);
}
