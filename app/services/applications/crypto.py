"""Special needs (health data, special category): AES-GCM, bound to their application's id.

Keys rotate: each record names the key id that sealed it; new records are sealed with the
current key id (``ATS_SPECIAL_DATA_CURRENT_KEY_ID``), and any key of the ring opens the records
it sealed. ``python -m app rekey-special-data`` moves every record to the current key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from bson import ObjectId
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.config import DEFAULT_KEY_ID, Settings
from app.errors import ServiceUnavailable

NONCE_BYTES = 12


@dataclass(frozen=True)
class Sealed:
    """An encrypted record as stored: the key id, the nonce and the ciphertext (with its tag)."""

    kid: str
    nonce: bytes
    ciphertext: bytes


class UnknownKey(ServiceUnavailable):
    """The record was sealed with a key id the ring does not list."""


def seal(settings: Settings, *, application_id: ObjectId, plaintext: str) -> Sealed:
    """Encrypt with the current key; the application id is the associated data, so a record
    copied onto another application does not decrypt."""
    kid = settings.special_data_kid
    nonce = os.urandom(NONCE_BYTES)
    cipher = AESGCM(settings.special_data_keyring[kid])
    return Sealed(kid=kid, nonce=nonce,
                  ciphertext=cipher.encrypt(nonce, plaintext.encode(),
                                            str(application_id).encode()))


def open_sealed(settings: Settings, *, application_id: ObjectId, nonce: bytes,
                ciphertext: bytes, kid: str | None = None) -> str:
    """The plaintext; a wrong key or a moved record is a server-side fault, not the caller's.
    A record without a key id predates them and was sealed with the "default" key."""
    key = settings.special_data_keyring.get(kid or DEFAULT_KEY_ID)
    if key is None:
        raise UnknownKey("The special-needs record was sealed with a key that is no longer "
                         "configured (see ATS_SPECIAL_DATA_KEYS).")
    try:
        plain = AESGCM(key).decrypt(nonce, ciphertext, str(application_id).encode())
    except InvalidTag:
        raise ServiceUnavailable("The special-needs record cannot be decrypted with the "
                                 "configured key.") from None
    return plain.decode()
