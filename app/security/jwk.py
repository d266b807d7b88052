"""Public keys built once from their JWK, each verifying only the algorithms it may sign with."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

# RFC 7518 §3.1. The HMAC family and "none" are absent: they are never accepted.
_HASHES: dict[str, type[hashes.HashAlgorithm]] = {"256": hashes.SHA256, "384": hashes.SHA384,
                                                   "512": hashes.SHA512}
_CURVES: dict[str, tuple[ec.EllipticCurve, str]] = {
    "P-256": (ec.SECP256R1(), "ES256"), "P-384": (ec.SECP384R1(), "ES384"),
    "P-521": (ec.SECP521R1(), "ES512"),
}
RSA_ALGORITHMS = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"})
MIN_RSA_BITS = 2048  # RFC 7518 §3.3; NIST SP 800-131A


class UnusableKey(ValueError):
    """A JWK this service will not verify with (malformed, too weak, or not for signing)."""


def _b64_int(value: object) -> int:
    if not isinstance(value, str) or not value:
        raise UnusableKey("a key parameter is missing")
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raise UnusableKey("a key parameter is not base64url") from None
    return int.from_bytes(raw, "big")


@dataclass(frozen=True)
class VerifyingKey:
    """One issuer key, ready to check signatures."""

    kid: str
    algorithms: frozenset[str]
    _key: rsa.RSAPublicKey | ec.EllipticCurvePublicKey

    @classmethod
    def from_jwk(cls, jwk: dict[str, Any]) -> VerifyingKey:
        """Build the key (the costly part, done once); raise UnusableKey when it may not be used."""
        if jwk.get("use", "sig") != "sig":
            raise UnusableKey("not a signing key")
        kid, declared = jwk.get("kid", ""), jwk.get("alg")
        if not isinstance(kid, str) or (declared is not None and not isinstance(declared, str)):
            raise UnusableKey("kid and alg must be strings")
        key: rsa.RSAPublicKey | ec.EllipticCurvePublicKey
        try:
            if jwk.get("kty") == "RSA":
                key = rsa.RSAPublicNumbers(_b64_int(jwk.get("e")), _b64_int(jwk.get("n"))
                                           ).public_key()
                if key.key_size < MIN_RSA_BITS:
                    raise UnusableKey(f"RSA keys under {MIN_RSA_BITS} bits are refused")
                # A key published without "alg" signs with PKCS#1 v1.5 (what issuers mean by it).
                allowed = frozenset({declared} if declared else {"RS256", "RS384", "RS512"})
                allowed &= RSA_ALGORITHMS
            elif jwk.get("kty") == "EC" and jwk.get("crv") in _CURVES:
                curve, alg = _CURVES[str(jwk["crv"])]
                key = ec.EllipticCurvePublicNumbers(_b64_int(jwk.get("x")), _b64_int(jwk.get("y")),
                                                    curve).public_key()
                allowed = frozenset({alg}) if declared in (None, alg) else frozenset()
            else:
                raise UnusableKey("only RSA and EC (P-256, P-384, P-521) keys are used")
        except ValueError as exc:  # cryptography's "not a point on the curve", bad exponent...
            raise UnusableKey(str(exc) or "malformed key") from None
        if not allowed:
            raise UnusableKey("the key's declared algorithm is not one we verify")
        return cls(kid=kid, algorithms=allowed, _key=key)

    def verify(self, alg: str, signing_input: bytes, signature: bytes) -> bool:
        """True when ``signature`` is this key's ``alg`` signature of ``signing_input``."""
        if alg not in self.algorithms:
            return False
        digest = _HASHES[alg[2:]]()
        try:
            if isinstance(self._key, rsa.RSAPublicKey):
                pad: padding.AsymmetricPadding = (
                    padding.PKCS1v15() if alg.startswith("RS") else
                    padding.PSS(mgf=padding.MGF1(digest), salt_length=digest.digest_size))
                self._key.verify(signature, signing_input, pad, digest)
            else:
                # JWS carries R || S of fixed width (RFC 7518 §3.4); cryptography wants DER.
                width = (self._key.curve.key_size + 7) // 8
                if len(signature) != 2 * width:
                    return False
                der = encode_dss_signature(int.from_bytes(signature[:width], "big"),
                                           int.from_bytes(signature[width:], "big"))
                self._key.verify(der, signing_input, ec.ECDSA(digest))
        except InvalidSignature:
            return False
        return True
