import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Berth

// Accounts (switch, create, import, export), the language, the network, and the current identity's certificate.
Item {
    id: page
    objectName: "settingsPage"

    // The account the unlock and export rows act on; the current identity until the user picks another.
    property string selectedAccount: ""
    readonly property string shownAccount: selectedAccount.length > 0 ? selectedAccount : NodeHost.identity
    property string switchError: ""
    property string createError: ""
    property string importError: ""
    property string exportError: ""
    property string certificateError: ""

    FileDialog {
        id: importDialog
        title: qsTr("Choose an exported key file")
        fileMode: FileDialog.OpenFile
        onAccepted: importPathField.text = selectedFile.toString()
    }
    FileDialog {
        id: exportDialog
        title: qsTr("Save the encrypted key file")
        fileMode: FileDialog.SaveFile
        onAccepted: exportPathField.text = selectedFile.toString()
    }

    ScrollView {
        id: scroll
        anchors.fill: parent
        visible: NodeHost.running
        contentWidth: availableWidth
        clip: true

        ColumnLayout {
            width: scroll.availableWidth - 2 * Theme.spacingL
            x: Theme.spacingL
            y: Theme.spacingL
            spacing: Theme.spacingM

            PageHeader {
                Layout.fillWidth: true
                title: qsTr("Settings")
            }

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacingL

                Card {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 3
                    Layout.fillHeight: true
                    title: qsTr("Accounts")
                    subtitle: qsTr("the keys in %1/keys; demo accounts unlock without a passphrase").arg(NodeHost.dataDirectory)

                    Repeater {
                        id: accountRepeater
                        objectName: "accountRepeater"
                        model: NodeHost.accounts
                        delegate: Rectangle {
                            id: row
                            required property string name
                            required property string address
                            required property bool demo
                            required property bool current
                            objectName: "account_" + name
                            Layout.fillWidth: true
                            implicitHeight: rowLayout.implicitHeight + Theme.spacingS
                            radius: Theme.radius
                            color: row.name === page.shownAccount ? Theme.accentSoft : "transparent"
                            TapHandler { onTapped: page.selectedAccount = row.name }
                            RowLayout {
                                id: rowLayout
                                anchors.fill: parent
                                anchors.leftMargin: Theme.spacingS
                                anchors.rightMargin: Theme.spacingS
                                spacing: Theme.spacingM
                                Label { Layout.preferredWidth: 110; text: row.name; font.bold: row.current; color: Theme.text; elide: Text.ElideRight }
                                Label {
                                    Layout.fillWidth: true
                                    text: row.address
                                    font.family: Theme.monoFamily
                                    font.pixelSize: Theme.fontSmall
                                    color: Theme.textMuted
                                    elide: Text.ElideMiddle
                                }
                                Label { visible: row.demo; text: qsTr("demo"); color: Theme.textMuted; font.pixelSize: Theme.fontSmall }
                                Label { visible: row.current; text: qsTr("in use"); color: Theme.success; font.bold: true; font.pixelSize: Theme.fontSmall }
                                Button {
                                    objectName: "switchButton_" + row.name
                                    visible: !row.current
                                    text: qsTr("Use")
                                    flat: true
                                    onClicked: {
                                        page.selectedAccount = row.name
                                        page.switchError = NodeHost.actions.needsPassphrase(row.name)
                                                ? "" : NodeHost.actions.switchIdentity(row.name, "")
                                    }
                                }
                            }
                        }
                    }

                    // Accounts that are not demo accounts ask for their passphrase here.
                    RowLayout {
                        Layout.fillWidth: true
                        visible: page.shownAccount !== NodeHost.identity && NodeHost.actions.needsPassphrase(page.shownAccount)
                        spacing: Theme.spacingS
                        Label { text: qsTr("Unlock %1:").arg(page.shownAccount); color: Theme.text }
                        TextField {
                            id: unlockField
                            objectName: "unlockPassphraseField"
                            Layout.preferredWidth: 200
                            echoMode: TextInput.Password
                            placeholderText: qsTr("Passphrase")
                            onAccepted: unlockButton.clicked()
                        }
                        Button {
                            id: unlockButton
                            objectName: "unlockButton"
                            text: qsTr("Unlock and use")
                            onClicked: {
                                page.switchError = NodeHost.actions.switchIdentity(page.shownAccount, unlockField.text)
                                if (page.switchError.length === 0) unlockField.clear()
                            }
                        }
                        Item { Layout.fillWidth: true }
                    }
                    FieldError { objectName: "switchError"; Layout.fillWidth: true; text: page.switchError }
                    ActionResult { objectName: "switchResult"; Layout.fillWidth: true; action: "switch" }

                    RowLayout {
                        Layout.fillWidth: true
                        spacing: Theme.spacingS
                        Label { text: qsTr("Export %1 to").arg(page.shownAccount); color: Theme.text }
                        TextField { id: exportPathField; objectName: "exportPathField"; Layout.fillWidth: true; placeholderText: qsTr("/path/to/%1.key").arg(page.shownAccount) }
                        Button { text: qsTr("Browse…"); onClicked: exportDialog.open() }
                        Button {
                            objectName: "exportButton"
                            text: qsTr("Export")
                            onClicked: page.exportError = NodeHost.actions.exportAccount(page.shownAccount, exportPathField.text)
                        }
                    }
                    FieldError { objectName: "exportError"; Layout.fillWidth: true; text: page.exportError }
                    ActionResult { objectName: "exportResult"; Layout.fillWidth: true; action: "export" }
                }

                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 2
                    Layout.alignment: Qt.AlignTop
                    spacing: Theme.spacingM

                    Card {
                        Layout.fillWidth: true
                        title: qsTr("Language")
                        RowLayout {
                            spacing: Theme.spacingM
                            Repeater {
                                model: Language.languages
                                delegate: RadioButton {
                                    required property var modelData
                                    objectName: "language_" + modelData.code
                                    text: modelData.name
                                    checked: Language.current === modelData.code
                                    onClicked: Language.setLanguage(modelData.code)
                                }
                            }
                        }
                    }

                    NetworkCard {
                        Layout.fillWidth: true
                    }

                    Card {
                        Layout.fillWidth: true
                        title: qsTr("Certificate of %1").arg(NodeHost.identity)
                        subtitle: qsTr("tenants upload manifests over mTLS with it")

                        Label {
                            objectName: "certificateStatus"
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            color: NodeHost.account.certificateExpired ? Theme.danger
                                 : NodeHost.account.certificateNeedsRenewal ? Theme.warning : Theme.text
                            text: !NodeHost.account.hasCertificate ? qsTr("No certificate on chain.")
                                : NodeHost.account.certificateExpired ? qsTr("Expired on %1.").arg(NodeHost.account.certificateExpires)
                                : NodeHost.account.certificateNeedsRenewal ? qsTr("Expires soon: %1.").arg(NodeHost.account.certificateExpires)
                                : qsTr("Valid until %1.").arg(NodeHost.account.certificateExpires)
                        }
                        ValueField {
                            Layout.fillWidth: true
                            visible: NodeHost.account.hasCertificate
                            label: qsTr("SHA-256 fingerprint")
                            value: NodeHost.account.certificateFingerprint
                            mono: true
                            valueObjectName: "certificateFingerprint"
                        }
                        Label {
                            Layout.fillWidth: true
                            visible: NodeHost.account.hasCertificate && !NodeHost.account.certificateFiles && !NodeHost.account.certificatePending
                            wrapMode: Text.Wrap
                            color: Theme.warning
                            font.pixelSize: Theme.fontSmall
                            text: qsTr("This data directory does not hold its key: create a new certificate to upload manifests from here.")
                        }
                        Button {
                            objectName: "certificateButton"
                            enabled: !NodeHost.account.certificatePending
                            text: NodeHost.account.hasCertificate ? qsTr("Renew certificate") : qsTr("Create certificate")
                            highlighted: !NodeHost.account.hasCertificate || NodeHost.account.certificateNeedsRenewal
                            onClicked: page.certificateError = NodeHost.actions.createCertificate()
                        }
                        FieldError { Layout.fillWidth: true; text: page.certificateError }
                        ActionResult { objectName: "certificateResult"; Layout.fillWidth: true; action: "certificate" }
                    }

                    Card {
                        Layout.fillWidth: true
                        title: qsTr("Create an account")
                        GridLayout {
                            Layout.fillWidth: true
                            columns: 2
                            columnSpacing: Theme.spacingM
                            Label { text: qsTr("Name"); color: Theme.textMuted }
                            TextField { id: createName; objectName: "createNameField"; Layout.fillWidth: true; placeholderText: qsTr("carol") }
                            Label { text: qsTr("Passphrase"); color: Theme.textMuted }
                            TextField { id: createPass; objectName: "createPassphraseField"; Layout.fillWidth: true; echoMode: TextInput.Password }
                            Label { text: qsTr("Repeat it"); color: Theme.textMuted }
                            TextField { id: createConfirm; objectName: "createConfirmField"; Layout.fillWidth: true; echoMode: TextInput.Password }
                        }
                        Button {
                            objectName: "createAccountButton"
                            text: qsTr("Create account")
                            onClicked: {
                                page.createError = NodeHost.actions.createAccount(createName.text, createPass.text, createConfirm.text)
                                if (page.createError.length === 0) { createPass.clear(); createConfirm.clear() }
                            }
                        }
                        FieldError { objectName: "createError"; Layout.fillWidth: true; text: page.createError }
                        ActionResult { objectName: "createResult"; Layout.fillWidth: true; action: "create" }
                    }

                    Card {
                        Layout.fillWidth: true
                        title: qsTr("Import an account")
                        GridLayout {
                            Layout.fillWidth: true
                            columns: 3
                            columnSpacing: Theme.spacingM
                            Label { text: qsTr("Key file"); color: Theme.textMuted }
                            TextField { id: importPathField; objectName: "importPathField"; Layout.fillWidth: true; placeholderText: qsTr("an exported .key file") }
                            Button { text: qsTr("Browse…"); onClicked: importDialog.open() }
                            Label { text: qsTr("New name"); color: Theme.textMuted }
                            TextField { id: importName; objectName: "importNameField"; Layout.fillWidth: true; Layout.columnSpan: 2 }
                        }
                        Button {
                            objectName: "importButton"
                            text: qsTr("Import")
                            onClicked: page.importError = NodeHost.actions.importAccount(importPathField.text, importName.text)
                        }
                        FieldError { objectName: "importError"; Layout.fillWidth: true; text: page.importError }
                        ActionResult { objectName: "importResult"; Layout.fillWidth: true; action: "import" }
                    }
                }
            }

            Item { implicitHeight: Theme.spacingL }
        }
    }

    StatePlaceholder {
        objectName: "settingsStatePlaceholder"
        anchors.fill: parent
        visible: !NodeHost.running
        busy: NodeHost.loading
        isError: NodeHost.error.length > 0
        title: NodeHost.error.length > 0 ? qsTr("The node stopped") : qsTr("Loading the accounts…")
        message: NodeHost.error
    }
}
