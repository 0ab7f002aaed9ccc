import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Berth

// The Deploy wizard: instance and price, manifest, deposit, then the order's bids until it is deployed.
Item {
    id: page
    objectName: "deployPage"

    // Asks the window to show the Leases page.
    signal showLeases()

    readonly property var flow: NodeHost.deploy
    // 0 instance, 1 manifest, 2 deposit and review, 3 bids and deployment.
    property int step: flow.stage === DeployFlow.Editing ? editingStep : 3
    property int editingStep: 0

    readonly property string replicasText: replicasBox.value.toString()
    readonly property string replicasError: flow.checkReplicas(replicasText)
    readonly property string priceError: maxPriceField.text.length > 0 ? flow.checkPrice(maxPriceField.text) : qsTr("Enter the most the lease may cost per second.")
    readonly property var manifestProblem: flow.checkManifest(manifestEditor.text)
    readonly property string depositError: depositField.text.length > 0 ? flow.checkAmount(depositField.text) : qsTr("Enter the escrow deposit.")
    readonly property bool instanceValid: typeBox.currentText.length > 0 && replicasError.length === 0 && priceError.length === 0
    readonly property bool manifestValid: manifestProblem.message === undefined
    property string submitError: ""

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacingL
        spacing: Theme.spacingM

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacingM
            Label {
                text: qsTr("Deploy")
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.text
            }
            Label {
                text: qsTr("as %1").arg(NodeHost.identity)
                color: Theme.textMuted
            }
            Item { Layout.fillWidth: true }
        }

        // Where the wizard stands; earlier steps can be revisited while editing.
        RowLayout {
            objectName: "deploySteps"
            Layout.fillWidth: true
            spacing: Theme.spacingS
            Repeater {
                model: [qsTr("1  Instance and price"), qsTr("2  Manifest"), qsTr("3  Deposit and review"), qsTr("4  Bids and deployment")]
                delegate: Rectangle {
                    required property string modelData
                    required property int index
                    Layout.fillWidth: true
                    implicitHeight: Theme.headerHeight
                    radius: Theme.radius
                    color: index === page.step ? Theme.accent : (index < page.step ? Theme.accentSoft : Theme.surface)
                    border.color: Theme.border
                    Label {
                        anchors.centerIn: parent
                        text: modelData
                        color: index === page.step ? Theme.accentText : Theme.text
                        font.bold: index === page.step
                    }
                    MouseArea {
                        anchors.fill: parent
                        enabled: page.flow.stage === DeployFlow.Editing && index < 3 && index <= page.editingStep
                        onClicked: page.editingStep = index
                    }
                }
            }
        }

        StatePlaceholder {
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: !NodeHost.running
            busy: NodeHost.loading
            isError: NodeHost.error.length > 0
            title: NodeHost.error.length > 0 ? qsTr("The node stopped") : qsTr("Starting the node…")
            message: NodeHost.error
        }

        Rectangle {
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: NodeHost.running
            color: Theme.surface
            border.color: Theme.border
            radius: Theme.radius

            StackLayout {
                anchors.fill: parent
                anchors.margins: Theme.spacingL
                currentIndex: page.step

                // Step 1: instance type, replicas and the max price.
                ColumnLayout {
                    spacing: Theme.spacingM
                    Label { text: qsTr("What to run on"); font.pixelSize: Theme.fontHeading; font.bold: true; color: Theme.text }
                    GridLayout {
                        columns: 2
                        columnSpacing: Theme.spacingL
                        rowSpacing: Theme.spacingM
                        Label { text: qsTr("Instance type"); color: Theme.textMuted }
                        ComboBox {
                            id: typeBox
                            objectName: "deployInstanceType"
                            Layout.preferredWidth: 2 * Theme.fieldWidth
                            model: NodeHost.providers.instanceTypes
                        }
                        Label { text: qsTr("Each replica gets"); color: Theme.textMuted; visible: typeResources.text.length > 0 }
                        Label {
                            id: typeResources
                            objectName: "deployTypeResources"
                            text: NodeHost.instanceTypeResources(typeBox.currentText)
                            visible: text.length > 0
                            color: Theme.text
                        }
                        Label { text: qsTr("Replicas"); color: Theme.textMuted }
                        SpinBox {
                            id: replicasBox
                            objectName: "deployReplicas"
                            from: 1
                            to: NodeHost.deploy.maxReplicas
                            value: 1
                            editable: true
                        }
                        Label { text: qsTr("Max price (USDC per second, whole lease)"); color: Theme.textMuted }
                        TextField {
                            id: maxPriceField
                            objectName: "deployMaxPrice"
                            Layout.preferredWidth: 2 * Theme.fieldWidth
                            placeholderText: qsTr("e.g. 0.001")
                            selectByMouse: true
                        }
                    }
                    Label {
                        objectName: "deployPriceError"
                        Layout.fillWidth: true
                        visible: maxPriceField.text.length > 0 && page.priceError.length > 0
                        text: page.priceError
                        color: Theme.danger
                        wrapMode: Text.Wrap
                    }
                    Label {
                        objectName: "deployMarketHint"
                        Layout.fillWidth: true
                        // Re-read when the market changes (revision), not only when the terms do.
                        readonly property var hint: (NodeHost.providers.revision, page.flow.marketHint(typeBox.currentText, page.replicasText, maxPriceField.text))
                        text: hint.text || ""
                        color: hint.warning ? Theme.warning : Theme.textMuted
                        wrapMode: Text.Wrap
                    }
                    Item { Layout.fillHeight: true }
                    RowLayout {
                        Item { Layout.fillWidth: true }
                        Button {
                            objectName: "deployNext1"
                            text: qsTr("Next: manifest")
                            enabled: page.instanceValid
                            onClicked: page.editingStep = 1
                        }
                    }
                }

                // Step 2: the manifest, from a template or by hand, checked as it is typed.
                ColumnLayout {
                    spacing: Theme.spacingM
                    RowLayout {
                        spacing: Theme.spacingM
                        Label { text: qsTr("Manifest"); font.pixelSize: Theme.fontHeading; font.bold: true; color: Theme.text }
                        Item { Layout.fillWidth: true }
                        ComboBox {
                            id: templateBox
                            objectName: "deployTemplate"
                            Layout.preferredWidth: 2 * Theme.fieldWidth
                            model: page.flow.templateNames
                        }
                        Button {
                            objectName: "deployUseTemplate"
                            text: qsTr("Use template")
                            onClicked: manifestEditor.text = page.flow.templateText(templateBox.currentText)
                        }
                    }
                    ScrollView {
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        TextArea {
                            id: manifestEditor
                            objectName: "deployManifest"
                            font.family: Theme.monoFamily
                            font.pixelSize: Theme.fontBody - 1
                            selectByMouse: true
                            wrapMode: TextEdit.NoWrap
                            placeholderText: qsTr("A JSON manifest: { \"version\": 1, \"services\": [ … ] }")
                            background: Rectangle { color: Theme.surfaceAlt; border.color: page.manifestValid ? Theme.border : Theme.danger; radius: Theme.radius }

                            // The line the error points to, behind the text.
                            Rectangle {
                                readonly property int line: page.manifestProblem.line === undefined ? 0 : page.manifestProblem.line
                                visible: line > 0
                                x: 0
                                width: manifestEditor.width
                                height: manifestEditor.font.pixelSize + 6
                                y: line > 0 ? manifestEditor.positionToRectangle(page.lineStart(manifestEditor.text, line)).y - 2 : 0
                                color: Theme.dangerSoft
                                z: -1
                            }
                        }
                    }
                    Label {
                        objectName: "deployManifestError"
                        Layout.fillWidth: true
                        visible: !page.manifestValid && manifestEditor.text.length > 0
                        text: page.manifestProblem.line > 0 ? qsTr("Line %1: %2").arg(page.manifestProblem.line).arg(page.manifestProblem.message)
                                                             : (page.manifestProblem.message || "")
                        color: Theme.danger
                        wrapMode: Text.Wrap
                    }
                    RowLayout {
                        Button { text: qsTr("Back"); onClicked: page.editingStep = 0 }
                        Item { Layout.fillWidth: true }
                        Button {
                            objectName: "deployNext2"
                            text: qsTr("Next: deposit")
                            enabled: page.manifestValid
                            onClicked: page.editingStep = 2
                        }
                    }
                }

                // Step 3: the deposit with its estimated runtime, and the whole order once more.
                ColumnLayout {
                    spacing: Theme.spacingM
                    Label { text: qsTr("Escrow deposit"); font.pixelSize: Theme.fontHeading; font.bold: true; color: Theme.text }
                    RowLayout {
                        spacing: Theme.spacingM
                        TextField {
                            id: depositField
                            objectName: "deployDeposit"
                            Layout.preferredWidth: 2 * Theme.fieldWidth
                            placeholderText: qsTr("USDC, e.g. 25")
                            selectByMouse: true
                        }
                        Label { text: qsTr("USDC"); color: Theme.textMuted }
                    }
                    Label {
                        objectName: "deployDepositError"
                        visible: depositField.text.length > 0 && page.depositError.length > 0
                        text: page.depositError
                        color: Theme.danger
                    }
                    Label {
                        objectName: "deployEstimate"
                        Layout.fillWidth: true
                        text: (NodeHost.providers.revision, page.flow.runtimeEstimate(typeBox.currentText, page.replicasText, maxPriceField.text, depositField.text))
                        color: Theme.text
                        wrapMode: Text.Wrap
                    }
                    Label {
                        Layout.topMargin: Theme.spacingL
                        text: qsTr("Review")
                        font.pixelSize: Theme.fontHeading
                        font.bold: true
                        color: Theme.text
                    }
                    GridLayout {
                        columns: 2
                        columnSpacing: Theme.spacingL
                        rowSpacing: Theme.spacingS
                        Label { text: qsTr("Instance"); color: Theme.textMuted }
                        Label { text: qsTr("%1 × %2").arg(page.replicasText).arg(typeBox.currentText); color: Theme.text }
                        Label { text: qsTr("Max price"); color: Theme.textMuted }
                        Label { text: qsTr("%1 USDC/s").arg(maxPriceField.text); color: Theme.text }
                        Label { text: qsTr("Manifest"); color: Theme.textMuted }
                        Label { text: qsTr("%n line(s), checked", "", manifestEditor.lineCount); color: Theme.text }
                        Label { text: qsTr("Certificate"); color: Theme.textMuted }
                        Label {
                            Layout.fillWidth: true
                            text: qsTr("Your client certificate is published with the order if the chain lacks it; the manifest is uploaded over mutual TLS once a provider is ready.")
                            color: Theme.textMuted
                            wrapMode: Text.Wrap
                        }
                    }
                    Label {
                        objectName: "deploySubmitError"
                        Layout.fillWidth: true
                        visible: page.submitError.length > 0
                        text: page.submitError
                        color: Theme.danger
                        wrapMode: Text.Wrap
                    }
                    Item { Layout.fillHeight: true }
                    RowLayout {
                        Button { text: qsTr("Back"); onClicked: page.editingStep = 1 }
                        Item { Layout.fillWidth: true }
                        Button {
                            objectName: "deploySubmit"
                            text: qsTr("Place order")
                            highlighted: true
                            enabled: page.instanceValid && page.manifestValid && page.depositError.length === 0
                            onClicked: page.submitError = page.flow.submit(typeBox.currentText, page.replicasText, maxPriceField.text,
                                                                           manifestEditor.text, depositField.text)
                        }
                    }
                }

                // Step 4: the order on chain, its bids, the winner and the way to a running deployment.
                DeployProgress {
                    flow: page.flow
                    onShowLeases: page.showLeases()
                    onStartOver: {
                        page.flow.reset()
                        page.editingStep = 0
                    }
                }
            }
        }
    }

    // The text position where a 1-based line starts.
    function lineStart(text, line) {
        let at = 0
        for (let i = 1; i < line; ++i) {
            const next = text.indexOf("\n", at)
            if (next < 0) return at
            at = next + 1
        }
        return at
    }
}
