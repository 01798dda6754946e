// SPDX-License-Identifier: EUPL-1.2
pragma solidity 0.8.30;

import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";

/// @title BuurtkasForwarder
/// @notice The ERC-2771 forwarder trusted by every resident-facing contract. Residents sign an
/// EIP-712 `ForwardRequest` in the browser; the backend's relayer submits it and pays the gas.
/// @dev OpenZeppelin's forwarder unchanged; the EIP-712 domain name is "BuurtkasForwarder".
contract BuurtkasForwarder is ERC2771Forwarder {
    constructor() ERC2771Forwarder("BuurtkasForwarder") {}
}
