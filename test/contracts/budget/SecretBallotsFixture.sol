// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {IBudgetRound} from "../../../contracts/budget/IBudgetRound.sol";
import {ISecretBallots} from "../../../contracts/budget/ISecretBallots.sol";
import {SecretBallots} from "../../../contracts/budget/SecretBallots.sol";
import {BudgetRoundFixture} from "./BudgetRoundFixture.sol";

/// @notice A secret round with two districts (1 and 2), three proposals each, every district key
/// a real 2048-bit RSA key whose private exponent the test holds, so it signs tokens the way the
/// issuer does (blinding is the identity here; lib/blind and the TypeScript flows blind for real).
abstract contract SecretBallotsFixture is BudgetRoundFixture {
    // Two 2048-bit test keys (e = 65537), generated with node:crypto for these tests only.
    bytes internal constant N1 =
        hex"c340fbc85231b0a88a881a4c28f4a4701ccdd119dfdb414fb44cd7954311e9ae"
        hex"da34dd4dd5306a70e40a1c2d6990926fa31d78ff82edcf5335d0e514cb916d03"
        hex"523e13faa0e347195774655f7d5fd0369f3e58539670746bca2d1817866c9780"
        hex"d43070fdca05db5d47b00e3325e2383240acac69e64c804983e41868d00242bf"
        hex"45c29460f06435dfe57a2b9a9da32e636e0db795344ad5feae19ff7ae3188bf6"
        hex"30ddc1f8602b4358829f941ce8d2d2a9eed71ac0c63d0c1d9233ddb30c1b099d"
        hex"2e9ceac8424766286fbee738c49f58c3683124d3b2061ab642214673081ba00c"
        hex"99700ff47fa4a57da727f6abb24fa38ec04fb9f2c3170e25de4910230d366379";
    bytes internal constant D1 =
        hex"0cb17a4cd50f16e9760c100d98720308a8ceb683c49a47de2b1dfdbbddded9be"
        hex"bcbfc80d49c93a7a3950f0f100d65db6b53772c8c595b92f3325efe690af5513"
        hex"6cb2cd70b329e352e1ed16b404fe0816acf68c1e6efec38ac85b73200064a9da"
        hex"bdb0a27fd534d94470a720dd315eca017653e3678509bf23485839400319ca85"
        hex"f09a35dd4d238d72b8a9a8e51b145a5f2b90b2f184b1f8fad617a3a67ed6a97f"
        hex"ec2b1e7e553dfeeedfa4d550ae94ec98a5baff1e83f98f286c2ccccea51dbe79"
        hex"2033a2515d6a0576efdd5e4f084f50ff75ac4a6171171ea5fbc39201855de00f"
        hex"5da2acad9ca0094d9fa6da3f3ee0c318640f83d87abb6d4a008636d7bbda808b";
    bytes internal constant N2 =
        hex"f258d3a81c86927cb88bc651bce3dfad24a83b8cba1ce7f69bd790933df03860"
        hex"87ff4474ffbc11062988ec52f19d401caa2855d467779e67a2b2d216e4c9f0e2"
        hex"7db737452e75d18befea68c887593954eb0d780ac961cc2e698a40439b70837d"
        hex"cbd990a5fffaa4edaf9d0870f407ff80b9714a88d096a51b6d59ee07f20f3c49"
        hex"7f92caddd240e5696d1847a414d72921178a3715e4c3cf2dab9c3c654d64d383"
        hex"e3e8ae72d05260d730f133ba971aaf46e32b9fd5dcbde0f68a6b7055225e1865"
        hex"d3dc4ee6fc9603812bd174fbbd907e5d05b8eea8976515ad476887fcd1ebfa39"
        hex"6a2e46176037f86ae982f01b0723fbfbc13d43b267b4e338746932a54494c361";
    bytes internal constant D2 =
        hex"026522b6dcaccf0beee0394217aa7e1c7a42341ff57b2986f63672bc24ca9fe9"
        hex"02d110d471ee523200153586329377f5ac90145c9276f3fca0d6d0f51756e053"
        hex"c1b3aec6f71104a49416fa49008eeefe4e0a22998330dd6d683f3cb83a5419e5"
        hex"936f1b930b69070a1f101f8c2bba3c4201bb2b1617ef2433b5a083d5e5e45507"
        hex"7d3fb8c637f4ee4d237f55aad69483a8d4eb64ef1d566e86de78a2f95d32403d"
        hex"67662d332ea3b781160543bf09f7722cc973406f17d0b6ee7647f13c384ffaba"
        hex"34615123f12b82594f5d79bb5501b2f79dceb970234309fddec568d0bf355d0a"
        hex"26e42216bc0a87000f68d0205e35d4221e49513343406f7691be811ead1d1271";

    uint32 internal constant D_ONE = 1;
    uint32 internal constant D_TWO = 2;
    uint64 internal constant BUDGET = 1_000;
    address internal constant RESIDENT_A = address(0xA1);
    address internal constant RESIDENT_B = address(0xA2);
    address internal constant RESIDENT_C = address(0xA3);

    SecretBallots internal ballots;
    uint256 internal roundId;
    IBudgetRound.Rules internal rules;

    function _deploySecret() internal {
        _deploy();
        ballots = new SecretBallots(address(budgetRound), address(registry), address(this), address(0));
        budgetRound.grantRole(budgetRound.BALLOT_BOX_ROLE(), address(ballots));
        ballots.grantRole(ballots.ISSUER_ROLE(), address(this));
        _register(RESIDENT_A, D_ONE);
        _register(RESIDENT_B, D_ONE);
        _register(RESIDENT_C, D_TWO);
    }

    function _secretRules() internal view returns (IBudgetRound.Rules memory r) {
        r = _rules(_districts(D_ONE, D_TWO), _budgets(BUDGET, BUDGET));
        r.maxBudgetShareBps = 10_000;
        r.secrecy = IBudgetRound.BallotSecrecy.Secret;
    }

    function _moduli() internal pure returns (bytes[] memory moduli) {
        moduli = new bytes[](2);
        moduli[0] = N1;
        moduli[1] = N2;
    }

    /// @dev Creates a secret round, names its keys, lets the three residents ask for tokens (the
    /// blinded message here is any number below n: the test signs ballots' messages directly),
    /// answers them, and opens voting.
    function _openSecretRound() internal returns (uint256 id) {
        rules = _secretRules();
        id = budgetRound.createRound(rules);
        ballots.setIssuerKeys(id, _moduli());
        vm.warp(rules.schedule.proposalsStart);
        uint256 firstId = budgetRound.proposalCount() + 1;
        for (uint256 d = 0; d < 2; ++d) {
            for (uint256 i = 1; i <= 3; ++i) {
                vm.prank(d == 0 ? RESIDENT_A : RESIDENT_C);
                budgetRound.submitProposal(id, rules.districts[d], uint64(100 * i), keccak256(abi.encode(d, i)));
            }
        }
        address[3] memory residents = [RESIDENT_A, RESIDENT_B, RESIDENT_C];
        for (uint256 i = 0; i < 3; ++i) {
            (bytes memory blinded, bytes memory blindSignature) = _blindPair(i, i < 2 ? N1 : N2);
            vm.prank(residents[i]);
            ballots.requestToken(id, blinded);
            ballots.issueToken(id, residents[i], blinded, blindSignature);
        }
        vm.warp(rules.schedule.reviewStart);
        for (uint256 p = firstId; p <= budgetRound.proposalCount(); ++p) {
            budgetRound.review(p, true, budgetRound.getProposal(p).requestedCost, bytes32(p));
        }
        budgetRound.publishBallot(id, D_ONE);
        budgetRound.publishBallot(id, D_TWO);
        vm.warp(rules.schedule.votingStart);
    }

    /// @dev A number below both moduli (their top bit is set).
    function _blinded(uint256 salt) internal pure returns (bytes memory blinded) {
        blinded = new bytes(256);
        blinded[0] = 0x01;
        blinded[255] = bytes1(uint8(salt + 1));
    }

    /// @dev A blinded message and its blind signature without the private key (x^e and x): the
    /// private operation costs about 7.9M gas under Osaka's modexp pricing, so tests keep it for tokens.
    function _blindPair(
        uint256 salt,
        bytes memory n
    ) internal view returns (bytes memory blinded, bytes memory signature) {
        signature = _blinded(salt);
        blinded = _rsa(signature, abi.encodePacked(uint256(65537)), n);
    }

    /// @dev base^exponent mod n with a full-size exponent (the issuer's private operation).
    function _rsa(bytes memory base, bytes memory exponent, bytes memory n) internal view returns (bytes memory out) {
        bytes memory input = abi.encodePacked(base.length, exponent.length, n.length, base, exponent, n);
        out = new bytes(n.length);
        bool ok;
        assembly ("memory-safe") {
            ok := staticcall(gas(), 0x05, add(input, 32), mload(input), add(out, 32), mload(n))
        }
        require(ok, "modexp");
    }

    /// @dev The token of `voter` for (round, district): the district key's signature on its message.
    function _token(uint256 id, uint32 district, address voter) internal view returns (ISecretBallots.Token memory) {
        bytes memory message = ballots.tokenMessage(id, district, voter);
        bytes memory signature = _rsa(message, district == D_ONE ? D1 : D2, district == D_ONE ? N1 : N2);
        return ISecretBallots.Token({roundId: id, district: district, signature: signature});
    }

    function _sign(
        uint256 key,
        uint256 id,
        uint32 district,
        uint256 selection,
        uint256 sequence
    ) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, ballots.ballotDigest(id, district, selection, sequence));
        return abi.encodePacked(r, s, v);
    }

    /// @dev A first ballot's token and signature, computed before any expectRevert (which would
    /// otherwise catch the view calls made here).
    function _ballot(
        uint256 key,
        uint32 district,
        uint256 selection
    ) internal view returns (ISecretBallots.Token memory token, bytes memory signature) {
        token = _token(roundId, district, vm.addr(key));
        signature = _sign(key, roundId, district, selection, 0);
    }

    function _cast(uint256 key, uint32 district, uint256 selection) internal {
        (ISecretBallots.Token memory token, bytes memory signature) = _ballot(key, district, selection);
        ballots.castBallot(roundId, district, selection, token, signature);
    }
}
