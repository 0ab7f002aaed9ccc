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

    property string submitError: ""

    // The wizard's terms live in DeployFlow, which checks each edit once.
    Binding { target: page.flow; property: "instanceType"; value: typeBox.currentText }
    Binding { target: page.flow; property: "replicas"; value: replicasBox.value }
    Binding { target: page.flow.maxPrice; property: "text"; value: maxPriceField.text }
    Binding { target: page.flow; property: "manifest"; value: manifestEditor.text }
    Binding { target: page.flow.deposit; property: "text"; value: depositField.text }

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
                            to: Limits.leaseReplicas
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
                        visible: maxPriceField.text.length > 0 && !page.flow.maxPrice.valid
                        text: page.flow.maxPrice.error
                        color: Theme.danger
                        wrapMode: Text.Wrap
                    }
                    Label {
                        objectName: "deployMarketHint"
                        Layout.fillWidth: true
                        text: page.flow.marketHint
                        color: page.flow.marketWarning ? Theme.warning : Theme.textMuted
                        wrapMode: Text.Wrap
                    }
                    Item { Layout.fillHeight: true }
                    RowLayout {
                        Item { Layout.fillWidth: true }
                        Button {
                            objectName: "deployNext1"
                            text: qsTr("Next: manifest")
                            enabled: page.flow.instanceValid
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
                            background: Rectangle { color: Theme.surfaceAlt; border.color: page.flow.manifestValid ? Theme.border : Theme.danger; radius: Theme.radius }

                            // The line the error points to, behind the text.
                            Rectangle {
                                readonly property int lineStart: page.flow.manifestLineStart
                                visible: lineStart >= 0
                                x: 0
                                width: manifestEditor.width
                                height: manifestEditor.font.pixelSize + 6
                                y: lineStart >= 0 ? manifestEditor.positionToRectangle(lineStart).y - 2 : 0
                                color: Theme.dangerSoft
                                z: -1
                            }
                        }
                    }
                    Label {
                        objectName: "deployManifestError"
                        Layout.fillWidth: true
                        visible: !page.flow.manifestValid && manifestEditor.text.length > 0
                        text: page.flow.manifestLine > 0 ? qsTr("Line %1, column %2: %3").arg(page.flow.manifestLine).arg(page.flow.manifestColumn).arg(page.flow.manifestError)
                                                         : page.flow.manifestError
                        color: Theme.danger
                        wrapMode: Text.Wrap
                    }
                    RowLayout {
                        Button { text: qsTr("Back"); onClicked: page.editingStep = 0 }
                        Item { Layout.fillWidth: true }
                        Button {
                            objectName: "deployNext2"
                            text: qsTr("Next: deposit")
                            enabled: page.flow.manifestValid
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
                        visible: depositField.text.length > 0 && page.flow.depositError.length > 0
                        text: page.flow.depositError
                        color: Theme.danger
                    }
                    Label {
                        objectName: "deployMinimumDeposit"
                        visible: page.flow.minimumDeposit.length > 0
                        text: qsTr("The ledger takes a deposit of at least %1 USDC at this max price.").arg(page.flow.minimumDeposit)
                        color: Theme.textMuted
                    }
                    Label {
                        objectName: "deployEstimate"
                        Layout.fillWidth: true
                        text: page.flow.runtimeEstimate
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
                        Label { text: qsTr("%1 × %2").arg(replicasBox.value).arg(typeBox.currentText); color: Theme.text }
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
                            enabled: page.flow.readyToSubmit
                            onClicked: page.submitError = page.flow.submit()
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
}
