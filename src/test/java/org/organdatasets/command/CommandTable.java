package org.organdatasets.command;

import ij.ImagePlus;

import java.io.File;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;

/**
 * The table of every command in docs/headless.md (menu label, class, parameters with type, default and choices,
 * outputs, one headless example), generated from the commands themselves; {@link CommandTableTest}
 * checks that docs/headless.md holds exactly this text. Run {@link #main} to print it after changing a command.
 */
public final class CommandTable {

	/** Arguments of the headless example of each command (paths are examples). */
	static final Map<String, String> EXAMPLES = new LinkedHashMap<>();

	static {
		// A window: headless it refuses, so it has no example.
		EXAMPLES.put("DatasetBrowserCommand", "");
		EXAMPLES.put("OpenNiftiCommand", "file=\"/data/volume-0.nii.gz\",orientation=\"RAS\"");
		EXAMPLES.put("NiftiInfoCommand", "file=\"/data/volume-0.nii.gz\",summary=true");
		EXAMPLES.put("ConvertNiftiCommand", "input=\"/data/volume-0.nii.gz\",output=\"/tmp/v0-ras.nii.gz\","
				+ "datatype=\"keep\",orientation=\"RAS\",overwrite=false");
		EXAMPLES.put("CreateSampleDatasetCommand", "output=\"/tmp/sample\",kind=\"both\",cases=8,seed=1,scale=\"tiny\"");
		EXAMPLES.put("DatasetOverviewCommand", "root=\"/data/CT-ORG\",output=\"/tmp/overview.csv\"");
		EXAMPLES.put("ValidateDatasetCommand", "root=\"/data/amos22\",report=\"/tmp/findings.csv\","
				+ "cases=\"amos_0001,amos_0004\"");
		EXAMPLES.put("OpenCaseCommand", "root=\"/data/CT-ORG\",caseid=\"12\",orientation=\"RAS\",window=\"abdomen\","
				+ "display=\"overlay\"");
		EXAMPLES.put("CaseSnapshotCommand", "root=\"/data/CT-ORG\",caseid=\"12\",orientation=\"as stored\","
				+ "window=\"abdomen\",slice=0,output=\"/tmp/case-12.png\"");
		EXAMPLES.put("ApplyLabelTableCommand", "labels=\"/data/amos22/labelsTr/amos_0001.nii.gz\","
				+ "table=\"AMOS22->CT-ORG\",unmapped=\"background\",output=\"/tmp/amos_0001-ctorg.nii.gz\"");
		EXAMPLES.put("ExportLabelTableCommand", "table=\"AMOS22\",format=\"itk-snap\",output=\"/tmp/amos22.txt\","
				+ "overwrite=false");
		EXAMPLES.put("OrganStatisticsCommand", "image=\"/data/CT-ORG/volume-12.nii.gz\","
				+ "labels=\"/data/CT-ORG/labels-12.nii.gz\",table=\"CT-ORG\"");
		EXAMPLES.put("DatasetStatisticsCommand", "root=\"/data/CT-ORG;/data/amos22\",output=\"/data/stats\","
				+ "threads=0,shard=\"\",remap=\"none\"");
		EXAMPLES.put("MergeStatisticsCommand", "output=\"/data/stats\",shards=\"/scratch/s1;/scratch/s2\"");
		EXAMPLES.put("PlotOrganVolumesCommand", "statistics=\"/data/stats\",output=\"/tmp/volumes.png\"");
		EXAMPLES.put("ExportSplitsCommand", "root=\"/data/CT-ORG;/data/amos22\",output=\"/data/splits\","
				+ "method=\"kfold\",ratios=\"0.7,0.1,0.2\",folds=5,seed=1,stratify=\"modality\",formats=\"csv,nnunet,monai\",remap=\"Common\"");
		EXAMPLES.put("ExportNnunetCommand", "root=\"/data/CT-ORG;/data/amos22\",output=\"/data/nnUNet_raw\",id=501,"
				+ "name=\"OrganDatasets\",remap=\"Common\",method=\"kfold\",ratios=\"0.7,0.1,0.2\",folds=5,seed=1,"
				+ "threads=0,overwrite=false,shard=\"\"");
		EXAMPLES.put("FinalizeNnunetCommand", "root=\"/data/CT-ORG;/data/amos22\",output=\"/data/nnUNet_raw\",id=501,"
				+ "name=\"OrganDatasets\",remap=\"Common\",method=\"kfold\",ratios=\"0.7,0.1,0.2\",folds=5,seed=1");
	}

	private CommandTable() {
	}

	/** Prints the table. */
	public static void main(final String[] args) throws Exception {
		System.out.print(markdown());
	}

	/** The commands of the suite in menu order. */
	static List<CommandInfo> commands(final Context context) {
		final List<CommandInfo> out = new ArrayList<>();
		for (final CommandInfo info : context.service(CommandService.class).getCommands()) {
			if (info.getClassName().startsWith("org.organdatasets.command.")) {
				out.add(info);
			}
		}
		out.sort((a, b) -> Double.compare(a.getMenuPath().getLeaf().getWeight(), b.getMenuPath().getLeaf()
				.getWeight()));
		return out;
	}

	/** The table. */
	static String markdown() throws Exception {
		try (Context context = new Context(CommandService.class)) {
			final StringBuilder sb = new StringBuilder();
			sb.append("| menu (Plugins > Organ Datasets >) | class (org.organdatasets.command.) | parameters | outputs |\n");
			sb.append("|---|---|---|---|\n");
			final StringBuilder examples = new StringBuilder();
			for (final CommandInfo info : commands(context)) {
				final String simple = info.getClassName().substring(info.getClassName().lastIndexOf('.') + 1);
				final Object defaults = Class.forName(info.getClassName()).getConstructor().newInstance();
				final List<String> params = new ArrayList<>();
				final List<String> outs = new ArrayList<>();
				for (final ModuleItem<?> in : info.inputs()) {
					if (Service.class.isAssignableFrom(in.getType()) || Context.class.isAssignableFrom(in.getType())) {
						continue;
					}
					params.add(describe(in, defaults));
				}
				for (final ModuleItem<?> o : info.outputs()) {
					if (o.getIOType() == ItemIO.OUTPUT) {
						outs.add("`" + o.getName() + "` (" + (o.getType() == ImagePlus.class ? "image" : type(o)) + ")");
					}
				}
				sb.append("| ").append(info.getMenuPath().getLeaf().getName()).append(" | `").append(simple).append("` | ")
						.append(String.join("; ", params)).append(" | ").append(String.join(", ", outs)).append(" |\n");
				final String example = EXAMPLES.get(simple);
				if (example == null) {
					throw new IllegalStateException("no headless example for " + simple + " in CommandTable.EXAMPLES");
				}
				if (example.isEmpty()) {
					continue;
				}
				examples.append("java -jar organ-datasets-standalone.jar --run ").append(info.getClassName())
						.append(" '").append(example).append("'\n");
			}
			sb.append("\nOne headless example per command, in the table's order:\n\n```\n").append(examples)
					.append("```\n");
			return sb.toString();
		}
	}

	private static String describe(final ModuleItem<?> in, final Object instance) throws Exception {
		final StringBuilder sb = new StringBuilder("`").append(in.getName()).append("` ").append(type(in));
		if (in.getLabel() != null && !in.getLabel().isEmpty()) {
			sb.append(" (").append(in.getLabel().replace("|", "\\|")).append(')');
		}
		final List<?> choices = in.getChoices();
		if (choices != null && !choices.isEmpty()) {
			final List<String> c = new ArrayList<>();
			for (final Object o : choices) {
				c.add("`" + o + "`");
			}
			sb.append(" = ").append(String.join(" \\| ", c));
		}
		final Object def = fieldValue(instance, in.getName());
		if (def != null && !(def instanceof File) && !(def instanceof Boolean && !((Boolean) def))
				&& !(def instanceof Number && ((Number) def).doubleValue() == 0) && !"".equals(def)) {
			sb.append(", default `").append(def).append('`');
		}
		if (!in.isRequired() && in.getType() == File.class) {
			sb.append(", optional (`\"\"` = none)");
		}
		return sb.toString();
	}

	private static String type(final ModuleItem<?> item) {
		final Class<?> t = item.getType();
		if (t == File.class) {
			return "directory".equals(item.getWidgetStyle()) ? "folder" : "file";
		}
		if (t == ImagePlus.class) {
			return "image (headless: a NIfTI path)";
		}
		if (t == ij.measure.ResultsTable.class) {
			return "results table";
		}
		return t.getSimpleName().toLowerCase(java.util.Locale.ROOT);
	}

	private static Object fieldValue(final Object instance, final String name) throws Exception {
		for (Class<?> c = instance.getClass(); c != null; c = c.getSuperclass()) {
			try {
				final Field f = c.getDeclaredField(name);
				f.setAccessible(true);
				return f.get(instance);
			} catch (final NoSuchFieldException e) {
				// look in the superclass
			}
		}
		return null;
	}
}
