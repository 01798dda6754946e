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
    // Two 2048-bit test keys (e = 3), generated with node:crypto for these tests only.
    bytes internal constant N1 =
        hex"b858d2485891de5f3362e3151f5b4beac664946eada4cceffd26dc16d1c9c18c"
        hex"f243df93f16b31cb9d6f30d3b0b58b083b21540373a307afc3162f29fe1f4c38"
        hex"faf8d5693813448551f0fe58b0898ee157143db77e616d2db8b112bbe34bef9c"
        hex"ae6d93b0af739a1ea44214c5924689c0693075c41ab46d7c3ef784fa3f0d5cef"
        hex"a0db007603a8f0e4de6b49227337def140714abfcf84b0a161d5fa953828c0ed"
        hex"753d6321c2429d3d6299dce5d8de0fa9c26d3fee1eb73fb0784f0c6e844fbef4"
        hex"af4bda6b67f6daef50338203d86a706097f9d4a666e27a3f01fdbb7bad9b25f7"
        hex"11edef971fa312d8a0fab665485b599af31efbadcb61ba34a1fc6725ca1760ab";
    bytes internal constant D1 =
        hex"7ae5e18590613eea2241ecb8bf92329c84430d9f1e6dddf5536f3d648bdbd65d"
        hex"f6d7ea62a0f2213268f4cb37cb23b2057cc0e2acf7c2051fd7641f715414dd7b"
        hex"51fb38f0d00cd858e14b543b205bb4963a0d7e7a5440f373d0760c7d42329fbd"
        hex"c99e6275ca4d1169c2d6b883b6d9b12af0caf92d6722f3a829fa58a6d4b39349"
        hex"496ec713d35cb0e0dc156b48a7937f7db09fa5911fa2618f7f06c89bf37b378d"
        hex"eb1372bf11cece155108131e6160f434c6590d207a71b8471b42d19703be3d6c"
        hex"65030237fa617ad1d7a00a051b4209ed0c1d01edd079893f745a40f4eaa3d74b"
        hex"5eb224718c3418d8f695b1006f7df1c363d342c6829d1f4b591ed8a04288766b";
    bytes internal constant N2 =
        hex"ab0a34bdc078519c7577fdec9f225066a7dd3e88edc24907c4baf46d4115cfac"
        hex"232906aa08ed18a313cf303904a6b3a0b746b28be498ef50c619a3d472d298c0"
        hex"77c6605fca4ccdb79d5321d5a96265123826f8a61fd3fb85370e6c0c97dd01c6"
        hex"d21748eb28fa231390ed0f22215e6f9e90a69f083236cdaf39f237afd577599e"
        hex"6ec4d66c53be4253987b0b5a1113b02888b7cc02070390065225c373f69b2780"
        hex"386d297dc56130196d6376a9dbc2c0e4603ac4443a2cb87c7b5fb1330f7ca4d4"
        hex"e9945645b9c8d1b70974d8323309fb32b32f88a2ec2b5669b80ad9f164328aca"
        hex"dcd414f1fa63c348766e8f63dd739356e9ccb06d78688096b7814756b98c1b45";
    bytes internal constant D2 =
        hex"7206cdd3d5a58bbda3a553f314c18aef1a937f05f3d6db5a83274d9e2b63dfc8"
        hex"1770af1c05f365c20d34cad0adc477c07a2f21b29865f4e0841117e2f7371080"
        hex"4fd9959531888925138cc1391b96ee0c256f506ebfe2a7ae24b44808653e012f"
        hex"36ba309cc5fc1762609e0a16c0e99fbf0b19bf5acc24891f7bf6cfca8e4f9113"
        hex"32d05a863393507be836a40c0bf45f9922fb23158caaf96afa25dac5daade4fe"
        hex"6fa3966012f119b549841cadb6a7f026e54d028ef5c114d323712cdccb774875"
        hex"1251e8c26579ae5dcee7b96b24979db82e5de9bc5770a9007015c2375f72bec2"
        hex"1f48e921fa3bcae81fd8efcc26a4fa0f397706ab6a981578b80500c265fa55ab";

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
        blinded = _rsa(signature, abi.encodePacked(uint256(3)), n);
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
