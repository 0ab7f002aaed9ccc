#pragma once

namespace berth::cli {

class CommandContext;
class CommandLine;
class Output;

/**
 * The berth-cli commands about the node and the user's accounts: the node's status, the keys
 * in the keystore, a network's genesis, the devnet faucet, balances and transfers, the
 * account's TLS certificate, and the chain's event log. Like every command group it is made
 * for one command over a CommandContext; each method validates all its arguments first, so
 * bad input is a usage error before any key is unlocked or the node is contacted, and prints
 * one result through Output.
 */
class AccountCommands
{
public:
    explicit AccountCommands(CommandContext& context);

    void status();
    void keys_add();
    void keys_list();
    void keys_show();
    void keys_import();
    void keys_export();
    void network_init();
    void faucet();
    void account_show();
    void transfer();
    void cert_create();
    void cert_revoke();
    void events();

private:
    CommandContext& m_context;
    const CommandLine& m_line;
    const Output& m_out;
};

} // namespace berth::cli
