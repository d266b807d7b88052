"""Special needs (health data, special category): AES-GCM, bound to their application's id."""

from __future__ import annotations

import base64
import os

from bson import ObjectId
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.config import Settings
from app.errors import ServiceUnavailable

NONCE_BYTES = 12


def _cipher(settings: Settings) -> AESGCM:
    key = base64.b64decode(settings.special_data_key.get_secret_value())
    if len(key) not in (16, 24, 32):
        # Refuse to store health data rather than store it under a key AES cannot use.
        raise ServiceUnavailable("ATS_SPECIAL_DATA_KEY must be the base64 of a 32-byte key; "
                                 "special needs cannot be stored or read until it is.")
    return AESGCM(key)


def seal(settings: Settings, *, application_id: ObjectId, plaintext: str) -> tuple[bytes, bytes]:
    """``(nonce, ciphertext)``; the application id is the associated data, so a record copied
    onto another application does not decrypt."""
    nonce = os.urandom(NONCE_BYTES)
    sealed = _cipher(settings).encrypt(nonce, plaintext.encode(), str(application_id).encode())
    return nonce, sealed


def open_sealed(settings: Settings, *, application_id: ObjectId, nonce: bytes,
                ciphertext: bytes) -> str:
    """The plaintext; a wrong key or a moved record is a server-side fault, not the caller's."""
    try:
        plain = _cipher(settings).decrypt(nonce, ciphertext, str(application_id).encode())
    except InvalidTag:
        raise ServiceUnavailable("The special-needs record cannot be decrypted with the "
                                 "configured key.") from None
    return plain.decode()
