// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

/// @title RsaFdh
/// @notice RSA full-domain-hash signatures with public exponent 3, checked with the modexp
/// precompile (EIP-198, address 0x05). Numbers are big-endian byte strings as long as the modulus,
/// which is a whole number of 32-byte words (so every loop here works word by word).
/// @dev Why e = 3 and not 65537: since Osaka (EIP-7883) modexp costs grow with the exponent's bit
/// length; for a 2048-bit modulus a check with 65537 costs 32,768 gas, with 3 it costs 2,048, the
/// difference between a first anonymous ballot over and under 120,000 gas. A small exponent is
/// safe here: the known e = 3 forgeries attack PKCS#1 v1.5 verifiers that parse padding loosely,
/// and this check compares the whole k-byte value with a full-domain hash.
/// The full-domain hash of `seed` for a k-byte modulus n: keccak256(seed ‖ uint32(i)) for
/// i = 0 .. k/32 - 1, concatenated into k bytes, read as an integer and reduced mod n. lib/blind
/// computes the same off chain.
library RsaFdh {
    uint256 internal constant PUBLIC_EXPONENT = 3;
    uint256 private constant MODEXP = 0x05; // the precompile's address

    /// @notice base^exponent mod modulus, as many bytes as the modulus.
    function modexp(
        bytes memory base,
        uint256 exponent,
        bytes memory modulus
    ) internal view returns (bytes memory result) {
        uint256 k = modulus.length;
        bytes memory input = abi.encodePacked(base.length, uint256(32), k, base, exponent, modulus);
        result = new bytes(k);
        assembly ("memory-safe") {
            // The precompile fails only when it runs out of gas: revert as out of gas does.
            if iszero(staticcall(gas(), MODEXP, add(input, 32), mload(input), add(result, 32), k)) {
                revert(0, 0)
            }
        }
    }

    /// @notice The full-domain hash of `seed` in Z_n.
    /// @dev The expansion X is below 2^(8k) and n is at least 2^(8k-1) (its top bit is set), so
    /// X < 2n and X mod n is X - n when X >= n: one subtraction instead of a modexp call.
    function fullDomainHash(bytes32 seed, bytes memory modulus) internal pure returns (bytes memory expanded) {
        uint256 k = modulus.length;
        expanded = new bytes(k);
        for (uint256 i = 0; i * 32 < k; ++i) {
            bytes32 word = keccak256(abi.encodePacked(seed, uint32(i)));
            assembly ("memory-safe") {
                mstore(add(add(expanded, 32), mul(i, 32)), word)
            }
        }
        if (!lessThan(expanded, modulus)) _subtractInPlace(expanded, modulus);
    }

    /// @notice Whether `signature` is the signature of `seed`'s full-domain hash under `modulus`.
    function verify(bytes memory signature, bytes32 seed, bytes memory modulus) internal view returns (bool) {
        if (signature.length != modulus.length || !lessThan(signature, modulus)) return false;
        return keccak256(modexp(signature, PUBLIC_EXPONENT, modulus)) == keccak256(fullDomainHash(seed, modulus));
    }

    /// @notice Whether `signature`^3 mod n is `message` (both below n, as long as n).
    function verifyRaw(
        bytes memory signature,
        bytes memory message,
        bytes memory modulus
    ) internal view returns (bool) {
        if (signature.length != modulus.length || !lessThan(signature, modulus)) return false;
        return keccak256(modexp(signature, PUBLIC_EXPONENT, modulus)) == keccak256(message);
    }

    /// @dev a -= b for big-endian numbers of the same length with a >= b, word by word from the end.
    function _subtractInPlace(bytes memory a, bytes memory b) private pure {
        uint256 borrow;
        for (uint256 offset = a.length; offset > 0; offset -= 32) {
            uint256 x;
            uint256 y;
            assembly ("memory-safe") {
                x := mload(add(a, offset))
                y := mload(add(b, offset))
            }
            // Two's-complement word arithmetic with an explicit borrow: wrapping is the point.
            unchecked {
                uint256 difference = x - y - borrow;
                borrow = (x < y || (x == y && borrow == 1)) ? 1 : 0;
                assembly ("memory-safe") {
                    mstore(add(a, offset), difference)
                }
            }
        }
    }

    /// @notice a < b for two big-endian numbers of the same length, a whole number of words.
    function lessThan(bytes memory a, bytes memory b) internal pure returns (bool) {
        uint256 k = b.length;
        if (a.length != k) return false;
        for (uint256 offset = 32; offset <= k; offset += 32) {
            uint256 x;
            uint256 y;
            assembly ("memory-safe") {
                x := mload(add(a, offset))
                y := mload(add(b, offset))
            }
            if (x != y) return x < y;
        }
        return false;
    }
}
