#pragma once

#include "commandline.h"
#include "output.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace berth::cli {

class CommandContext;

/**
 * The berth-cli program: it parses the command line, finds the command among the table of
 * commands (one or two command words, the number of arguments and the options each accepts,
 * a usage line and a summary), answers --help and --version, checks the command's shape, runs
 * it through its command group (AccountCommands, MarketCommands, LeaseCommands), and turns every failure into the documented error output and exit
 * status: 0 on success, 2 for usage errors, 1 for everything else.
 */
class Cli
{
public:
    explicit Cli(const QStringList& arguments);

    /** Runs the command and returns the process exit status. */
    int run();

    /** The full help text: commands, global options, amount conventions, environment and exit codes. */
    static QString help_text();

private:
    struct Spec {
        QStringList words;
        int min_args;
        int max_args;
        QStringList options;
        QString usage;
        QString summary;
        /** Runs the command: one method of a command group. */
        std::function<void(CommandContext&)> run;
    };

    static const QList<Spec>& specs();
    /** The command the positional arguments name; a usage error for an unknown or incomplete one. */
    const Spec& find() const;
    void execute();
    void print_help(const QString& text) const;

    CommandLine m_line;
    Output m_out;
};

} // namespace berth::cli
